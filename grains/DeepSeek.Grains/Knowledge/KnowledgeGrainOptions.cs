namespace DeepSeek.Grains.Knowledge;

/// <summary>Known-answer matching (configuration section <c>DeepSeek:Knowledge</c>).</summary>
public sealed class KnowledgeGrainOptions
{
    /// <summary>Least cosine similarity (MiniLM) at which a question counts as known; see the knowledge calibration tests.</summary>
    public float SimilarityThreshold { get; set; } = 0.85f;

    /// <summary>Entries above which the index switches from exact search to HNSW.</summary>
    public int HnswThreshold { get; set; } = 2000;
}
