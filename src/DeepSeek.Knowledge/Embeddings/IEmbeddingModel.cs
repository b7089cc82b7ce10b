namespace DeepSeek.Knowledge.Embeddings;

/// <summary>
/// Turns texts into unit-length vectors, so that the dot product of two of them is their cosine
/// similarity. Implementations are safe to call concurrently.
/// </summary>
public interface IEmbeddingModel
{
    /// <summary>Identifies the model; vectors from different models are not comparable.</summary>
    string Name { get; }

    /// <summary>Length of every vector this model returns.</summary>
    int Dimension { get; }

    /// <summary>Embeds <paramref name="texts"/>; the result has one vector per text, in the same order.</summary>
    Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}
