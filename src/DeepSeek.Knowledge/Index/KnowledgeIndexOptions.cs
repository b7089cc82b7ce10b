namespace DeepSeek.Knowledge.Index;

/// <summary>When and how a <see cref="KnowledgeIndex"/> switches to an HNSW graph.</summary>
public sealed record KnowledgeIndexOptions
{
    /// <summary>
    /// Above this many entries nearest-neighbour search uses HNSW. The graph is dropped again when the
    /// index shrinks below half of it, so entries added and removed near the boundary do not rebuild it.
    /// </summary>
    public int HnswThreshold { get; init; } = 2000;

    /// <summary>HNSW edges per node (M).</summary>
    public int Connectivity { get; init; } = 16;

    /// <summary>HNSW candidate list while inserting (efConstruction).</summary>
    public int ExpansionAdd { get; init; } = 128;

    /// <summary>HNSW candidate list while searching (ef).</summary>
    public int ExpansionSearch { get; init; } = 64;

    /// <summary>Neighbours taken from the graph per lookup before exact re-ranking and the context-free filter.</summary>
    public int HnswCandidates { get; init; } = 8;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(HnswThreshold, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Connectivity, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(ExpansionAdd, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ExpansionSearch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(HnswCandidates, 1);
    }
}
