namespace DeepSeek.Engine;

/// <summary>Token counts of a finished generation.</summary>
public sealed record GenerationUsage(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}
