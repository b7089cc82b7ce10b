namespace DeepSeek.Grains.Chat;

/// <summary>A finished completion kept for feedback. Key: <c>tenant/completionId</c>.</summary>
[Alias("deepseek.completion")]
public interface ICompletionGrain : IGrainWithStringKey
{
    [Alias("record")] Task RecordAsync(CompletionRecord record);

    [Alias("get")] Task<CompletionRecord?> GetAsync();

    /// <summary>Stores a rating (-1, 0 or 1); a positive rating of a model answer promotes it to the knowledge base.</summary>
    [Alias("rate")] Task<FeedbackResult> RateAsync(int rating);
}
