namespace DeepSeek.Engine;

/// <summary>A tokenized prompt and how to continue it.</summary>
public sealed record GenerationRequest(IReadOnlyList<int> PromptIds, SamplingOptions Options)
{
    /// <summary>Caller's id, echoed in logs and statistics.</summary>
    public string? RequestId { get; init; }

    /// <summary>
    /// Names the conversation this prompt continues (a session), so an engine that keeps finished
    /// sequences' KV cache can skip prefilling the part of the prompt it already holds.
    /// </summary>
    public string? PrefixKey { get; init; }
}
