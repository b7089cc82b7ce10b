namespace DeepSeek.Grains.Tenants;

/// <summary>A tenant as administrators see it.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.tenant-info")]
public sealed record TenantInfo
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required TenantLimits Limits { get; init; }
    [Id(3)] public DateTimeOffset CreatedAt { get; init; }
    [Id(4)] public bool Disabled { get; init; }
    [Id(5)] public int ActiveKeys { get; init; }
}
