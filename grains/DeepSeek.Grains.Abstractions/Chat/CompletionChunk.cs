namespace DeepSeek.Grains.Chat;

/// <summary>
/// A streamed piece of a completion. The first chunk carries the route; the last one the finish
/// reason (stop, length, cancelled) and usage.
/// </summary>
[GenerateSerializer, Immutable, Alias("deepseek.completion-chunk")]
public sealed record CompletionChunk
{
    [Id(0)] public string Text { get; init; } = "";
    [Id(1)] public CompletionRoute? Route { get; init; }
    [Id(2)] public string? FinishReason { get; init; }
    [Id(3)] public int? PromptTokens { get; init; }
    [Id(4)] public int? CompletionTokens { get; init; }

    /// <summary>Prompt tokens served from the device's KV cache (the session's earlier turns).</summary>
    [Id(5)] public int? CachedPromptTokens { get; init; }
}
