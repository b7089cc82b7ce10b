namespace DeepSeek.Knowledge.Index;

public enum KnowledgeMatchKind
{
    /// <summary>No entry was close enough (or allowed to answer).</summary>
    Miss,

    /// <summary>The normalised question text equals an entry's; no embedding was needed.</summary>
    ExactText,

    /// <summary>An entry's embedding is at least the threshold similar to the question's.</summary>
    Semantic,
}
