namespace DeepSeek.Api.Auth;

/// <summary>Who made a request: the key's tenant and role.</summary>
public sealed record Caller(string TenantId, string Role, string KeyId, bool IsPlatformAdmin)
{
    public bool IsAdmin => Role == DeepSeek.Grains.Tenants.KeyRoles.Admin;

    /// <summary>May this caller administer <paramref name="tenantId"/>?</summary>
    public bool CanAdminister(string tenantId) => IsPlatformAdmin || (IsAdmin && tenantId == TenantId);
}
