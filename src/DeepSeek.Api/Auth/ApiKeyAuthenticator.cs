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
/// </summary>
public sealed class ApiKeyAuthenticator(IGrainFactory grains, IOptions<ApiOptions> options)
{
    /// <summary>Authenticates and, when <paramref name="countRequest"/>, charges one request and the estimated tokens.</summary>
    public async Task<Caller> AuthenticateAsync(HttpContext context, int estimatedTokens = 0, bool countRequest = true)
    {
        var key = ReadKey(context.Request)
            ?? throw ApiError.Unauthorized("Missing API key. Send it as 'Authorization: Bearer <key>'.");
        if (!ApiKeys.TryGetTenant(key, out var tenantId)) throw ApiError.Unauthorized("Invalid API key.");
        var decision = await grains.GetGrain<ITenantGrain>(tenantId).AuthorizeAsync(ApiKeys.Hash(key), estimatedTokens, countRequest);
        if (!decision.Authenticated) throw ApiError.Unauthorized(decision.Reason ?? "Invalid API key.");
        if (decision.RetryAfterSeconds is { } wait) throw PlatformException.RateLimited(decision.Reason ?? "Rate limit reached.", wait);
        var caller = new Caller(tenantId, decision.Role!, decision.KeyId!,
            tenantId == options.Value.PlatformTenant && decision.Role == KeyRoles.Admin);
        context.Items[typeof(Caller)] = caller;
        return caller;
    }

    /// <summary>Authenticates and requires an admin key (of the platform tenant when <paramref name="platform"/>).</summary>
    public async Task<Caller> RequireAdminAsync(HttpContext context, bool platform = false)
    {
        var caller = await AuthenticateAsync(context, countRequest: false);
        if (!caller.IsAdmin || (platform && !caller.IsPlatformAdmin))
            throw ApiError.Forbidden(platform ? "This endpoint needs a platform admin key." : "This endpoint needs an admin key.");
        return caller;
    }

    private static string? ReadKey(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header) || header.Parameter is null)
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
