namespace DeepSeek.Grains.Chat;

/// <summary>The inference engine's entry point: a known answer at once, else the model. Key: model id.</summary>
[Alias("deepseek.inference")]
public interface IInferenceGrain : IGrainWithStringKey
{
    [Alias("complete")] IAsyncEnumerable<CompletionChunk> CompleteAsync(CompletionRequest request, CancellationToken cancellationToken = default);
}
