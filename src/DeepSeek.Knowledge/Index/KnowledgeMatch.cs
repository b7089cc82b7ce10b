namespace DeepSeek.Knowledge.Index;

/// <summary>The outcome of a lookup.</summary>
/// <param name="Kind">Whether and how the question was matched.</param>
/// <param name="Entry">The answering entry; null on a miss.</param>
/// <param name="Similarity">
/// Cosine similarity of the answering entry (1 for an exact text match) or, on a miss, of the
/// nearest entry that was allowed to answer; null when no such entry was compared.
/// </param>
public sealed record KnowledgeMatch(KnowledgeMatchKind Kind, KnowledgeEntry? Entry, float? Similarity)
{
    public bool IsHit => Entry is not null;

    internal static KnowledgeMatch ExactText(KnowledgeEntry entry) => new(KnowledgeMatchKind.ExactText, entry, 1f);

    internal static KnowledgeMatch Semantic(KnowledgeEntry entry, float similarity) => new(KnowledgeMatchKind.Semantic, entry, similarity);

    internal static KnowledgeMatch Miss(float? bestSimilarity) => new(KnowledgeMatchKind.Miss, null, bestSimilarity);
}
