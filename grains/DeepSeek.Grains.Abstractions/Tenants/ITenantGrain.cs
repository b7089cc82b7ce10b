namespace DeepSeek.Grains.Tenants;

/// <summary>One tenant: its settings, its API keys (as hashes) and its rate-limit buckets. Key: tenant id.</summary>
[Alias("deepseek.tenant")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates the tenant, or updates its name and limits when it exists.</summary>
    [Alias("create")] Task<TenantInfo> CreateAsync(string name, TenantLimits limits);

    /// <summary>The tenant, or null when it was never created.</summary>
    [Alias("get")] Task<TenantInfo?> GetAsync();

    /// <summary>Disables the tenant and revokes all its keys.</summary>
    [Alias("disable")] Task DisableAsync();

    [Alias("create-key")] Task<IssuedKey> CreateKeyAsync(string role, string? name);

    /// <summary>Registers a key known only by its hash (the bootstrap admin key from configuration); idempotent.</summary>
    [Alias("ensure-key")] Task<ApiKeyInfo> EnsureKeyAsync(string keyHash, string preview, string role, string name);

    [Alias("list-keys")] Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync();

    /// <summary>Revokes a key; false when the tenant has no such key.</summary>
    [Alias("revoke-key")] Task<bool> RevokeKeyAsync(string keyId);

    /// <summary>Checks a key hash and, for requests that count, takes one request and the estimated tokens from the buckets.</summary>
    [Alias("authorize")] Task<AccessDecision> AuthorizeAsync(string keyHash, int estimatedTokens, bool countRequest);

    /// <summary>
    /// Checks a key hash, decides the request at hand like <see cref="AuthorizeAsync"/>, and leases the
    /// gateway a small share of the budget so it can admit the tenant's next requests without asking.
    /// </summary>
    [Alias("lease")] Task<AccessLease> LeaseAsync(string keyHash, LeaseRequest request);

    /// <summary>Charges tokens actually used beyond the estimate.</summary>
    [Alias("charge")] Task ChargeTokensAsync(int tokens);
}
