namespace DeepSeek.Grains.Knowledge;

/// <summary>A stored knowledge entry.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.knowledge-entry")]
public sealed record KnowledgeEntry
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Question { get; init; }
    [Id(2)] public required string Answer { get; init; }
    [Id(3)] public bool ContextFree { get; init; }
    [Id(4)] public string Source { get; init; } = "curated";
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }
}
