namespace DeepSeek.Grains.Chat;

/// <summary>A whole completion, for callers that do not stream.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.completion-result")]
public sealed record CompletionResult
{
    [Id(0)] public required string Text { get; init; }
    [Id(1)] public required CompletionRoute Route { get; init; }
    [Id(2)] public required string FinishReason { get; init; }
    [Id(3)] public int PromptTokens { get; init; }
    [Id(4)] public int CompletionTokens { get; init; }
}
