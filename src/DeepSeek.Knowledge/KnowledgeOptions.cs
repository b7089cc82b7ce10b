namespace DeepSeek.Knowledge;

/// <summary>Matching settings of a <see cref="KnowledgeBase"/>.</summary>
public sealed record KnowledgeOptions
{
    /// <summary>
    /// Least cosine similarity at which a question counts as one the knowledge base has answered.
    /// Chosen for precision: a wrong known answer is worse than asking the model. With MiniLM, close
    /// paraphrases score about 0.86–0.99 while lexically close questions that need a different answer
    /// ("capital of France" against "population of France") stay near 0.71 or below; loose paraphrases
    /// below the threshold fall back to the model. KnowledgeCalibrationTests records the measured pairs.
    /// </summary>
    public float SimilarityThreshold { get; init; } = 0.85f;

    /// <summary>Questions embedded per request when many entries are added at once.</summary>
    public int AddBatchSize { get; init; } = 256;

    internal void Validate()
    {
        if (!(SimilarityThreshold is > -1f and <= 1f))
            throw new ArgumentOutOfRangeException(nameof(SimilarityThreshold), SimilarityThreshold, "The similarity threshold must be in (-1, 1].");
        ArgumentOutOfRangeException.ThrowIfLessThan(AddBatchSize, 1);
    }
}
