namespace DeepSeek.Engine;

/// <summary>A tokenized prompt and how to continue it.</summary>
public sealed record GenerationRequest(IReadOnlyList<int> PromptIds, SamplingOptions Options)
{
    /// <summary>Caller's id, echoed in logs and statistics.</summary>
    public string? RequestId { get; init; }
}
