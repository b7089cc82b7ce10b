namespace DeepSeek.Grains.Chat;

/// <summary>One generation in flight, placed near a GPU that can serve it. Key: session id or request id.</summary>
[Alias("deepseek.deep-learning")]
public interface IDeepLearningGrain : IGrainWithStringKey
{
    [Alias("generate")] IAsyncEnumerable<CompletionChunk> GenerateAsync(CompletionRequest request, CancellationToken cancellationToken = default);
}
