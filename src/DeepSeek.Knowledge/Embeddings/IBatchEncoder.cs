namespace DeepSeek.Knowledge.Embeddings;

/// <summary>
/// A synchronous, CPU-bound encoder that embeds a whole batch in one call. It need not be
/// thread-safe: <see cref="BatchingEmbeddingModel"/> calls it from one thread only.
/// </summary>
public interface IBatchEncoder
{
    string Name { get; }

    int Dimension { get; }

    /// <summary>Returns one unit-length vector per text, in the same order.</summary>
    float[][] Encode(string[] texts, CancellationToken cancellationToken);
}
