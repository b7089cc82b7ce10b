using DeepSeek.Knowledge.Embeddings;

namespace DeepSeek.Grains.Tests;

/// <summary>MiniLM that counts the texts it embeds, to tell a restored index from a re-embedded one.</summary>
public sealed class CountingEmbeddingModel(IEmbeddingModel inner) : IEmbeddingModel
{
    private int _texts;

    public string Name => inner.Name;

    public int Dimension => inner.Dimension;

    /// <summary>Texts embedded since the last <see cref="Reset"/>.</summary>
    public int TextsEmbedded => Volatile.Read(ref _texts);

    public void Reset() => Interlocked.Exchange(ref _texts, 0);

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        Interlocked.Add(ref _texts, texts.Count);
        return inner.EmbedAsync(texts, cancellationToken);
    }
}
