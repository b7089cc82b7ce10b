using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DeepSeek.Grains.Tenants;

/// <summary>
/// API key format and hashing. A key reads <c>sk-ds-{tenant}-{64 hex}</c>: the tenant id inside lets the
/// gateway find the tenant's grain without a global index, and the 256-bit secret makes a fast hash
/// (SHA-256) safe to store.
/// </summary>
public static partial class ApiKeys
{
    private const string Prefix = "sk-ds-";

    /// <summary>Tenant ids: lowercase letters, digits and underscores, 1–40 characters, starting with a letter or digit.</summary>
    public static bool IsValidTenantId(string? tenantId) => tenantId is not null && TenantIdPattern().IsMatch(tenantId);

    public static string Generate(string tenantId)
    {
        if (!IsValidTenantId(tenantId)) throw new ArgumentException($"Invalid tenant id '{tenantId}'.", nameof(tenantId));
        return $"{Prefix}{tenantId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
    }

    /// <summary>Reads the tenant id out of a well-formed key; false for anything else.</summary>
    public static bool TryGetTenant(string? key, out string tenantId)
    {
        tenantId = "";
        if (key is null || key.Length > 200 || !key.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var dash = key.LastIndexOf('-');
        if (dash <= Prefix.Length || key.Length - dash - 1 != 64) return false;
        var tenant = key[Prefix.Length..dash];
        if (!IsValidTenantId(tenant)) return false;
        tenantId = tenant;
        return true;
    }

    public static string Hash(string key)
    {
        // Checked on every request: the key's bytes and digest stay on the stack.
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        var bytes = length <= 1024 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(key, bytes);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..written], digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>The part of a key that may be shown in lists.</summary>
    public static string Preview(string key) => key[..Math.Min(key.Length, Prefix.Length + 12)] + "…";

    [GeneratedRegex("^[a-z0-9][a-z0-9_]{0,39}$")]
    private static partial Regex TenantIdPattern();
}
