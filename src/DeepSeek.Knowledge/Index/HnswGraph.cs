using Cloud.Unum.USearch;

namespace DeepSeek.Knowledge.Index;

/// <summary>
/// A USearch HNSW graph over unit vectors, keyed by the index's internal keys. Removal marks a node
/// deleted; it no longer appears in results.
/// </summary>
internal sealed class HnswGraph : IDisposable
{
    private readonly USearchIndex _index;
    // The .NET wrapper does not document concurrent use of one index; a search takes well under a
    // millisecond at the sizes a tenant's knowledge base reaches, so concurrent readers take turns.
    private readonly Lock _gate = new();

    public HnswGraph(int dimension, KnowledgeIndexOptions options)
    {
        _index = new USearchIndex(
            MetricKind.Cos, ScalarKind.Float32, (ulong)dimension,
            (ulong)options.Connectivity, (ulong)options.ExpansionAdd, (ulong)options.ExpansionSearch);
    }

    /// <summary>Adds many vectors at once; the wrapper reserves capacity for all of them in one step.</summary>
    public void Add(ulong[] keys, float[][] vectors)
    {
        lock (_gate) _index.Add(keys, vectors);
    }

    public void Remove(ulong key)
    {
        lock (_gate) _index.Remove(key);
    }

    /// <summary>Keys of up to <paramref name="count"/> approximate nearest neighbours, nearest first.</summary>
    public ulong[] Search(float[] query, int count)
    {
        lock (_gate)
        {
            _index.Search(query, count, out var keys, out _);
            return keys;
        }
    }

    public void Dispose() => _index.Dispose();
}
