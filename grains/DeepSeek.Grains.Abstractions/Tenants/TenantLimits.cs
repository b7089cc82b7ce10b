namespace DeepSeek.Grains.Tenants;

/// <summary>Per-tenant rate limits, enforced by the tenant's grain for the whole cluster. 0 means unlimited.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.tenant-limits")]
public sealed record TenantLimits
{
    [Id(0)] public int RequestsPerMinute { get; init; } = 600;
    [Id(1)] public int TokensPerMinute { get; init; } = 200_000;
}
