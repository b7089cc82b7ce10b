using DeepSeek.Grains.Tenants;

namespace DeepSeek.Grains.Tenants;

/// <summary>Durable state of a tenant: settings and key hashes (never the keys).</summary>
[GenerateSerializer, Alias("deepseek.tenant-state")]
public sealed class TenantState
{
    [Id(0)] public string? Name { get; set; }
    [Id(1)] public TenantLimits Limits { get; set; } = new();
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public bool Disabled { get; set; }
    [Id(4)] public List<StoredKey> Keys { get; set; } = [];
}

/// <summary>One key: its metadata and the SHA-256 of the secret.</summary>
[GenerateSerializer, Alias("deepseek.stored-key")]
public sealed class StoredKey
{
    [Id(0)] public required ApiKeyInfo Info { get; set; }
    [Id(1)] public required string Hash { get; set; }
}
