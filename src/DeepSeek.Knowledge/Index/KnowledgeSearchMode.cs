namespace DeepSeek.Knowledge.Index;

/// <summary>How a <see cref="KnowledgeIndex"/> currently finds nearest neighbours.</summary>
public enum KnowledgeSearchMode
{
    /// <summary>Every vector is compared; exact, and fastest for small sets.</summary>
    BruteForce,

    /// <summary>An HNSW graph proposes candidates that are then re-ranked exactly.</summary>
    Hnsw,
}
