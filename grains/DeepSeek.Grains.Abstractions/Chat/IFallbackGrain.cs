namespace DeepSeek.Grains.Chat;

/// <summary>Routes unknown questions to deep learning, behind a timeout and a circuit breaker. Key: model id.</summary>
[Alias("deepseek.fallback")]
public interface IFallbackGrain : IGrainWithStringKey
{
    [Alias("generate")] IAsyncEnumerable<CompletionChunk> GenerateAsync(CompletionRequest request, CancellationToken cancellationToken = default);

    /// <summary>closed, open or half-open.</summary>
    [Alias("breaker-state")] Task<string> GetBreakerStateAsync();
}
