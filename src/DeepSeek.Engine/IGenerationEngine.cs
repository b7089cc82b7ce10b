namespace DeepSeek.Engine;

/// <summary>Generates completions for tokenized prompts; safe to call from many threads at once.</summary>
public interface IGenerationEngine : IAsyncDisposable
{
    /// <summary>
    /// Admits a request and streams its tokens. Throws <see cref="EngineOverloadedException"/> at once when
    /// the queue is full and <see cref="ArgumentException"/> for an invalid request.
    /// </summary>
    IAsyncEnumerable<GenerationChunk> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Current load.</summary>
    EngineStatistics Statistics { get; }

    /// <summary>Largest prompt plus completion, in tokens.</summary>
    int MaxSequenceLength { get; }

    /// <summary>Prefix keys (sessions) whose KV cache the engine holds, running or kept after finishing.</summary>
    IReadOnlyCollection<string> CachedPrefixKeys => [];
}
