namespace DeepSeek.Grains.Tenants;

/// <summary>An API key's metadata; the key itself is never stored, only its hash.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.api-key-info")]
public sealed record ApiKeyInfo
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string TenantId { get; init; }
    [Id(2)] public required string Role { get; init; }
    [Id(3)] public string? Name { get; init; }

    /// <summary>The first characters of the key, to recognise it in a list.</summary>
    [Id(4)] public required string Prefix { get; init; }
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public DateTimeOffset? RevokedAt { get; init; }
}
