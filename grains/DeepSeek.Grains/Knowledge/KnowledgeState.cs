namespace DeepSeek.Grains.Knowledge;

/// <summary>Durable knowledge of one tenant and model: entries with their embeddings, so activation never re-embeds.</summary>
[GenerateSerializer, Alias("deepseek.knowledge-state")]
public sealed class KnowledgeState
{
    [Id(0)] public string? EmbeddingModel { get; set; }
    [Id(1)] public List<StoredKnowledgeEntry> Entries { get; set; } = [];
}

[GenerateSerializer, Alias("deepseek.stored-knowledge-entry")]
public sealed class StoredKnowledgeEntry
{
    [Id(0)] public required KnowledgeEntry Entry { get; set; }
    [Id(1)] public required float[] Vector { get; set; }
}
