using DeepSeek.Knowledge.Embeddings;

namespace DeepSeek.Knowledge.Tests;

/// <summary>
/// An embedder that counts its calls. Texts registered with <see cref="Set"/> get that vector;
/// any other text gets a pseudo-random one derived from the text, so unrelated texts are far apart.
/// </summary>
internal sealed class CountingEmbeddingModel(int dimension = 16) : IEmbeddingModel
{
    private readonly Dictionary<string, float[]> _known = new(StringComparer.Ordinal);
    private int _calls;

    public string Name => "counting-fake";

    public int Dimension => dimension;

    public int Calls => Volatile.Read(ref _calls);

    public CountingEmbeddingModel Set(string text, float[] vector)
    {
        _known[text] = vector;
        return this;
    }

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(texts.Select(t => _known.TryGetValue(t, out var v) ? v : RandomVector(t)).ToArray());
    }

    private float[] RandomVector(string text)
    {
        // string.GetHashCode differs between processes; FNV-1a keeps the vectors the same in every run.
        var hash = 2166136261u;
        foreach (var c in text) hash = (hash ^ c) * 16777619u;
        var random = new Random((int)hash);
        return SyntheticVectors.Unit([.. Enumerable.Range(0, dimension).Select(_ => (float)random.NextDouble() - 0.5f)]);
    }
}
