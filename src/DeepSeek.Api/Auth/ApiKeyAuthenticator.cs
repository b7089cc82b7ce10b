using System.Net.Http.Headers;
using System.Text;
using DeepSeek.Api.Errors;
using DeepSeek.Grains;
using DeepSeek.Grains.Tenants;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DeepSeek.Api.Auth;

/// <summary>
/// Resolves <c>Authorization: Bearer &lt;key&gt;</c> (or HTTP Basic with the key as password, for the
/// dashboard in a browser) to a caller through the tenant's grain, which also applies its rate limits.
/// The grain is asked about once a second per key; in between, <see cref="AccessLeases"/> decides from
/// the key it confirmed and the share of the tenant's budget it leased to this gateway.
/// </summary>
public sealed class ApiKeyAuthenticator
{
    private readonly IGrainFactory _grains;
    private readonly IOptions<ApiOptions> _options;
    private readonly AccessLeases _leases;
    private ILeaseHolder? _holder;

    public ApiKeyAuthenticator(IGrainFactory grains, IOptions<ApiOptions> options, TimeProvider clock)
    {
        _grains = grains;
        _options = options;
        _leases = new AccessLeases(LeaseAsync, clock);
    }

    /// <summary>Authenticates and, when <paramref name="countRequest"/>, charges one request and the estimated tokens.</summary>
    public async Task<Caller> AuthenticateAsync(HttpContext context, int estimatedTokens = 0, bool countRequest = true)
    {
        var key = ReadKey(context.Request)
            ?? throw ApiError.Unauthorized("Missing API key. Send it as 'Authorization: Bearer <key>'.");
        if (!ApiKeys.TryGetTenant(key, out var tenantId)) throw ApiError.Unauthorized("Invalid API key.");
        var decision = await _leases.AuthorizeAsync(tenantId, ApiKeys.Hash(key), estimatedTokens, countRequest);
        if (!decision.Authenticated) throw ApiError.Unauthorized(decision.Reason ?? "Invalid API key.");
        if (decision.RetryAfterSeconds is { } wait) throw PlatformException.RateLimited(decision.Reason ?? "Rate limit reached.", wait);
        return new Caller(tenantId, decision.Role!, decision.KeyId!,
            tenantId == _options.Value.PlatformTenant && decision.Role == KeyRoles.Admin);
    }

    /// <summary>Authenticates and requires an admin key (of the platform tenant when <paramref name="platform"/>).</summary>
    public async Task<Caller> RequireAdminAsync(HttpContext context, bool platform = false)
    {
        var caller = await AuthenticateAsync(context, countRequest: false);
        if (!caller.IsAdmin || (platform && !caller.IsPlatformAdmin))
            throw ApiError.Forbidden(platform ? "This endpoint needs a platform admin key." : "This endpoint needs an admin key.");
        return caller;
    }

    private Task<AccessLease> LeaseAsync(string tenantId, string keyHash, LeaseRequest request)
    {
        // Made on first use: the silo's runtime is not running yet when this singleton is built. The
        // reference lets tenant grains reach this gateway; _leases lives as long as the process.
        _holder ??= _grains.CreateObjectReference<ILeaseHolder>(_leases);
        return _grains.GetGrain<ITenantGrain>(tenantId).LeaseAsync(keyHash, request with { Holder = _holder });
    }

    private static string? ReadKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        // The usual form, read without the general header parser's allocations.
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization.AsSpan("Bearer ".Length).Trim();
            if (token.Length > 0 && !token.ContainsAny(' ', '\t', ',')) return token.ToString();
        }
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header) || header.Parameter is null)
            return null;
        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) return header.Parameter.Trim();
        if (!header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = decoded.IndexOf(':');
            return colon >= 0 ? decoded[(colon + 1)..] : decoded;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
