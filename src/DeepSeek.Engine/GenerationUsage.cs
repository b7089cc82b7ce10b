namespace DeepSeek.Engine;

/// <summary>Token counts of a finished generation.</summary>
public sealed record GenerationUsage(int PromptTokens, int CompletionTokens)
{
    /// <summary>Prompt tokens whose KV cache was reused instead of prefilled (OpenAI's cached_tokens).</summary>
    public int CachedPromptTokens { get; init; }

    public int TotalTokens => PromptTokens + CompletionTokens;
}
