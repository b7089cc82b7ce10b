namespace DeepSeek.Grains.Models;

/// <summary>A model the platform serves, as <c>GET /v1/models</c> lists it.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.model-card")]
public sealed record ModelCard
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public string OwnedBy { get; init; } = "deepseek-orleans";
    [Id(2)] public DateTimeOffset CreatedAt { get; init; }
    [Id(3)] public string? Architecture { get; init; }
    [Id(4)] public long Parameters { get; init; }
    [Id(5)] public int ContextLength { get; init; }
}
