namespace DeepSeek.Grains.Knowledge;

/// <summary>Result of a lookup: the entry when one is close enough, and the best similarity seen either way (null when nothing was compared).</summary>
[GenerateSerializer, Immutable, Alias("deepseek.knowledge-match")]
public sealed record KnowledgeMatch
{
    [Id(0)] public KnowledgeEntry? Entry { get; init; }
    [Id(1)] public double? Similarity { get; init; }

    /// <summary>exact (normalized text), semantic (embedding), or none.</summary>
    [Id(2)] public string Kind { get; init; } = "none";

    public bool Hit => Entry is not null;
}
