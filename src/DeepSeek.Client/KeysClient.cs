using DeepSeek.Grains.Tenants;

namespace DeepSeek.Client;

/// <summary>
/// The tenant's API keys, for its callers of the HTTP API. Only hashes are stored: a key's secret is in
/// the <see cref="IssuedKey"/> <see cref="CreateAsync"/> returns, and nowhere else.
/// </summary>
public sealed class KeysClient
{
    private readonly IGrainFactory _grains;
    private readonly string _tenantId;

    internal KeysClient(IGrainFactory grains, string tenantId)
    {
        _grains = grains;
        _tenantId = tenantId;
    }

    /// <summary>Creates a key with role <see cref="KeyRoles.User"/> or <see cref="KeyRoles.Admin"/>; the tenant must exist.</summary>
    public Task<IssuedKey> CreateAsync(string role = KeyRoles.User, string? name = null, CancellationToken cancellationToken = default)
    {
        if (role is null || !KeyRoles.IsValid(role)) throw new ArgumentException($"Role must be user or admin; got '{role}'.", nameof(role));
        Validation.OptionalText(name, Validation.MaxNameLength, nameof(name));
        return Tenant.CreateKeyAsync(role, name).WaitAsync(cancellationToken);
    }

    /// <summary>All keys, revoked ones included (never the secrets).</summary>
    public Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        Tenant.ListKeysAsync().WaitAsync(cancellationToken);

    /// <summary>Revokes a key; false when the tenant has no key with that id.</summary>
    public Task<bool> RevokeAsync(string keyId, CancellationToken cancellationToken = default)
    {
        Validation.Id(keyId, nameof(keyId));
        return Tenant.RevokeKeyAsync(keyId).WaitAsync(cancellationToken);
    }

    private ITenantGrain Tenant => _grains.GetGrain<ITenantGrain>(_tenantId);
}
