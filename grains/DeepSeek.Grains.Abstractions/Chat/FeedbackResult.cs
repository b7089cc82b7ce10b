namespace DeepSeek.Grains.Chat;

/// <summary>What happened to a rating: recorded, and whether the answer joined the knowledge base.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.feedback-result")]
public sealed record FeedbackResult
{
    [Id(0)] public required string CompletionId { get; init; }
    [Id(1)] public int Rating { get; init; }
    [Id(2)] public bool Promoted { get; init; }
    [Id(3)] public string? KnowledgeEntryId { get; init; }
}
