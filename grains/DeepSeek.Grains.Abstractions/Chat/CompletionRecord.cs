namespace DeepSeek.Grains.Chat;

/// <summary>What feedback needs to know about a finished completion.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.completion-record")]
public sealed record CompletionRecord
{
    [Id(0)] public required string CompletionId { get; init; }
    [Id(1)] public required string Model { get; init; }
    [Id(2)] public required string Question { get; init; }
    [Id(3)] public required string Answer { get; init; }
    [Id(4)] public required string Route { get; init; }

    /// <summary>Whether earlier turns shaped the answer (then it is not promoted as context-free).</summary>
    [Id(5)] public bool HadContext { get; init; }
    [Id(6)] public DateTimeOffset CreatedAt { get; init; }
    [Id(7)] public int? Rating { get; init; }
    [Id(8)] public string? PromotedEntryId { get; init; }
}
