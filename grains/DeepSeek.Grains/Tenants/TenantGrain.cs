using System.Security.Cryptography;
using System.Text;

namespace DeepSeek.Grains.Tenants;

/// <summary>
/// A tenant's keys and limits. The single activation per tenant is what makes the rate limits hold
/// across the whole cluster: every gateway asks this grain.
/// </summary>
public sealed class TenantGrain(
    [PersistentState("tenant", ProviderNames.Storage)] IPersistentState<TenantState> state,
    TimeProvider clock) : Grain, ITenantGrain
{
    /// <summary>
    /// How long a gateway may trust a key and spend its lease without asking again: the bound on how late a
    /// revocation, a disabled tenant or new limits reach the gateways that did not make the change.
    /// </summary>
    internal static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Share of the per-minute limit one lease holds. Small, so that budget a gateway leased but did not
    /// use (it goes back with the gateway's next lease, or is lost when none follows) barely matters.
    /// </summary>
    internal const double LeaseShare = 0.02;

    private TokenBucket? _requests;
    private TokenBucket? _tokens;

    // Gateways that took a lease, by observer id, and when: those within LeaseDuration are told to forget
    // the tenant before a revocation or change returns, so it takes effect at once on every live gateway.
    private readonly Dictionary<GrainId, (ILeaseHolder Holder, long LeasedAt)> _holders = [];

    private string TenantId => this.GetPrimaryKeyString();

    public async Task<TenantInfo> CreateAsync(string name, TenantLimits limits)
    {
        if (!ApiKeys.IsValidTenantId(TenantId))
            throw PlatformException.InvalidRequest("Tenant ids use lowercase letters, digits and underscores (1-40 characters).", "id");
        if (string.IsNullOrWhiteSpace(name)) throw PlatformException.InvalidRequest("A tenant needs a name.", "name");
        if (limits.RequestsPerMinute < 0 || limits.TokensPerMinute < 0)
            throw PlatformException.InvalidRequest("Limits must not be negative.", "limits");
        if (state.State.Name is null) state.State.CreatedAt = clock.GetUtcNow();
        state.State.Name = name.Trim();
        state.State.Limits = limits;
        state.State.Disabled = false;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ITenantDirectoryGrain>("default").RegisterAsync(TenantId);
        _requests = null;
        _tokens = null;
        await RecallLeasesAsync();
        return Describe();
    }

    public Task<TenantInfo?> GetAsync() => Task.FromResult(state.State.Name is null ? null : Describe());

    public async Task DisableAsync()
    {
        RequireExists();
        state.State.Disabled = true;
        var now = clock.GetUtcNow();
        foreach (var key in state.State.Keys.Where(k => k.Info.RevokedAt is null)) key.Info = key.Info with { RevokedAt = now };
        await state.WriteStateAsync();
        await RecallLeasesAsync();
    }

    public async Task<IssuedKey> CreateKeyAsync(string role, string? name)
    {
        RequireExists();
        if (state.State.Disabled) throw PlatformException.InvalidRequest("The tenant is disabled.", code: "tenant_disabled");
        if (!KeyRoles.IsValid(role)) throw PlatformException.InvalidRequest($"Unknown role '{role}' (user, admin).", "role");
        var secret = ApiKeys.Generate(TenantId);
        var info = new ApiKeyInfo
        {
            Id = "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            TenantId = TenantId,
            Role = role,
            Name = name,
            Prefix = ApiKeys.Preview(secret),
            CreatedAt = clock.GetUtcNow(),
        };
        state.State.Keys.Add(new StoredKey { Info = info, Hash = ApiKeys.Hash(secret) });
        await state.WriteStateAsync();
        return new IssuedKey(secret, info);
    }

    public async Task<ApiKeyInfo> EnsureKeyAsync(string keyHash, string preview, string role, string name)
    {
        RequireExists();
        if (!KeyRoles.IsValid(role)) throw PlatformException.InvalidRequest($"Unknown role '{role}' (user, admin).", "role");
        // A key that was revoked stays revoked, even when configuration still names it.
        if (FindKey(keyHash) is { } existing) return existing.Info;
        var info = new ApiKeyInfo
        {
            Id = "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            TenantId = TenantId,
            Role = role,
            Name = name,
            Prefix = preview,
            CreatedAt = clock.GetUtcNow(),
        };
        state.State.Keys.Add(new StoredKey { Info = info, Hash = keyHash });
        await state.WriteStateAsync();
        return info;
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync() =>
        Task.FromResult<IReadOnlyList<ApiKeyInfo>>(state.State.Keys.Select(k => k.Info).ToList());

    public async Task<bool> RevokeKeyAsync(string keyId)
    {
        var key = state.State.Keys.FirstOrDefault(k => k.Info.Id == keyId);
        if (key is null) return false;
        if (key.Info.RevokedAt is null)
        {
            key.Info = key.Info with { RevokedAt = clock.GetUtcNow() };
            await state.WriteStateAsync();
            await RecallLeasesAsync();
        }
        return true;
    }

    public Task<AccessDecision> AuthorizeAsync(string keyHash, int estimatedTokens, bool countRequest) =>
        Task.FromResult(Decide(keyHash, estimatedTokens, countRequest));

    public Task<AccessLease> LeaseAsync(string keyHash, LeaseRequest request)
    {
        var limits = state.State.Limits;
        if (request.Holder is { } holder) _holders[holder.GetGrainId()] = (holder, clock.GetTimestamp());
        EnsureBuckets();
        if (limits.RequestsPerMinute > 0 && request.ReturnedRequests > 0) _requests!.Give(request.ReturnedRequests);
        if (limits.TokensPerMinute > 0 && request.ReturnedTokens > 0) _tokens!.Give(request.ReturnedTokens);

        var decision = Decide(keyHash, request.Tokens, request.CountRequest);
        var spend = decision.Admitted && request.CountRequest;
        // The request at hand is already taken; the spare share comes on top, as far as the buckets hold it.
        return Task.FromResult(new AccessLease
        {
            Decision = decision,
            Requests = limits.RequestsPerMinute > 0 ? (spend ? Lease(_requests!, limits.RequestsPerMinute, 1) : 0) : null,
            Tokens = limits.TokensPerMinute > 0 ? (spend ? Lease(_tokens!, limits.TokensPerMinute, request.Tokens) : 0) : null,
            ValidFor = LeaseDuration,
        });
    }

    /// <summary>
    /// Takes the spare part of a lease from a bucket: a lease is <see cref="LeaseShare"/> of the per-minute
    /// limit (at least one unit), of which the request at hand used <paramref name="used"/>.
    /// </summary>
    private static int Lease(TokenBucket bucket, int perMinute, int used)
    {
        var size = Math.Max(1, (int)(perMinute * LeaseShare));
        var spare = Math.Min(Math.Max(0, size - Math.Max(0, used)), (int)Math.Floor(Math.Max(0, bucket.Available)));
        if (spare > 0) bucket.Take(spare);
        return spare;
    }

    /// <summary>Tells every gateway that may still trust a key or spend a lease of this tenant to forget them.</summary>
    private async Task RecallLeasesAsync()
    {
        var now = clock.GetTimestamp();
        var holders = _holders.Values.Where(h => clock.GetElapsedTime(h.LeasedAt, now) <= LeaseDuration).Select(h => h.Holder).ToList();
        _holders.Clear();
        await Task.WhenAll(holders.Select(async holder =>
        {
            try
            {
                await holder.ForgetAsync(TenantId).WaitAsync(LeaseDuration);
            }
            catch (Exception)
            {
                // A gateway that is gone or slow stops trusting its lease when the lease expires anyway.
            }
        }));
    }

    private AccessDecision Decide(string keyHash, int estimatedTokens, bool countRequest)
    {
        var key = FindKey(keyHash);
        if (key is null || state.State.Disabled || key.Info.RevokedAt is not null)
            return new AccessDecision { Reason = "Invalid or revoked API key." };
        var decision = new AccessDecision { Authenticated = true, Role = key.Info.Role, KeyId = key.Info.Id };
        if (!countRequest) return decision;

        EnsureBuckets();
        var limits = state.State.Limits;
        var wait = Math.Max(
            limits.RequestsPerMinute > 0 ? _requests!.SecondsUntil(1) : 0,
            limits.TokensPerMinute > 0 ? _tokens!.SecondsUntil(Math.Max(0, estimatedTokens)) : 0);
        if (wait > 0)
        {
            var reason = $"Rate limit reached for tenant '{TenantId}' ({limits.RequestsPerMinute} requests and {limits.TokensPerMinute} tokens per minute).";
            return decision with { RetryAfterSeconds = wait, Reason = reason };
        }
        if (limits.RequestsPerMinute > 0) _requests!.Take(1);
        if (limits.TokensPerMinute > 0) _tokens!.Take(Math.Max(0, estimatedTokens));
        return decision;
    }

    public Task ChargeTokensAsync(int tokens)
    {
        if (tokens > 0 && state.State.Limits.TokensPerMinute > 0)
        {
            EnsureBuckets();
            _tokens!.Take(tokens);
        }
        return Task.CompletedTask;
    }

    private StoredKey? FindKey(string keyHash)
    {
        var wanted = Encoding.ASCII.GetBytes(keyHash);
        foreach (var key in state.State.Keys)
        {
            // Constant-time comparison: a timing side channel must not reveal hash prefixes.
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.Hash), wanted)) return key;
        }
        return null;
    }

    private void EnsureBuckets()
    {
        _requests ??= new TokenBucket(state.State.Limits.RequestsPerMinute, clock);
        _tokens ??= new TokenBucket(state.State.Limits.TokensPerMinute, clock);
    }

    private void RequireExists()
    {
        if (state.State.Name is null) throw PlatformException.NotFound($"Tenant '{TenantId}' does not exist.", "tenant_not_found");
    }

    private TenantInfo Describe() => new()
    {
        Id = TenantId,
        Name = state.State.Name!,
        Limits = state.State.Limits,
        CreatedAt = state.State.CreatedAt,
        Disabled = state.State.Disabled,
        ActiveKeys = state.State.Keys.Count(k => k.Info.RevokedAt is null),
    };
}
