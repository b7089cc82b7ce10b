namespace DeepSeek.Grains.Events;

/// <summary>A chat completion finished (namespace <c>inference</c>): what it cost and how it was answered.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.event.inference-completed")]
public sealed record InferenceCompleted : PlatformEvent
{
    [Id(0)] public required string CompletionId { get; init; }
    [Id(1)] public required string Model { get; init; }

    /// <summary><c>knowledge</c> or <c>model</c>.</summary>
    [Id(2)] public required string Route { get; init; }
    [Id(3)] public int PromptTokens { get; init; }
    [Id(4)] public int CompletionTokens { get; init; }
    [Id(5)] public string? FinishReason { get; init; }
    [Id(6)] public string? Worker { get; init; }
    [Id(7)] public string? SessionId { get; init; }
}
