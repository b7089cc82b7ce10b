namespace DeepSeek.Knowledge.Index;

/// <summary>An entry with its embedding: what a <see cref="KnowledgeIndex"/> stores and a snapshot holds.</summary>
public sealed record EmbeddedEntry(KnowledgeEntry Entry, float[] Vector);
