namespace DeepSeek.Knowledge.Embeddings;

/// <summary>How a <see cref="BatchingEmbeddingModel"/> groups concurrent requests into encoder batches.</summary>
public sealed record EmbeddingBatchOptions
{
    /// <summary>Texts encoded together in one call; past about 32 MiniLM gains little per text on a CPU.</summary>
    public int MaxBatchSize { get; init; } = 32;

    /// <summary>
    /// How long a batch waits for more requests after its first one. Requests that arrive while a
    /// batch is encoding join the next batch anyway, so under load this window is rarely waited out.
    /// </summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Requests waiting for the encoder beyond which new ones are rejected.</summary>
    public int MaxQueueLength { get; init; } = 1024;
}
