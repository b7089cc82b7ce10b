namespace DeepSeek.Knowledge.Index;

/// <summary>An entry as the index holds it; the index's lock guards the mutable members.</summary>
internal sealed class IndexedEntry(KnowledgeEntry entry, string normalizedQuestion, float[] vector)
{
    public KnowledgeEntry Entry { get; } = entry;

    public string NormalizedQuestion { get; } = normalizedQuestion;

    /// <summary>Unit length, so a dot product is the cosine similarity.</summary>
    public float[] Vector { get; } = vector;

    /// <summary>Key in the HNSW graph; never reused, so a replaced entry cannot be confused with its successor.</summary>
    public ulong Key { get; set; }

    /// <summary>Position in the dense list that brute-force search scans.</summary>
    public int Slot { get; set; }
}
