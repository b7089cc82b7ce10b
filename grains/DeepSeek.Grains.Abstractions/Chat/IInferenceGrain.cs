namespace DeepSeek.Grains.Chat;

/// <summary>The inference engine's entry point: a known answer at once, else the model. Key: model id.</summary>
[Alias("deepseek.inference")]
public interface IInferenceGrain : IGrainWithStringKey
{
    /// <summary>Streams the completion: the first chunk carries the route, the last the finish reason and usage.</summary>
    [Alias("complete")] IAsyncEnumerable<CompletionChunk> CompleteAsync(CompletionRequest request, CancellationToken cancellationToken = default);

    /// <summary>The whole completion in one call (one round trip for a known answer).</summary>
    [Alias("complete-buffered")] Task<CompletionResult> CompleteBufferedAsync(CompletionRequest request, CancellationToken cancellationToken = default);
}
