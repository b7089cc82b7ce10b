namespace DeepSeek.Knowledge.Index;

/// <summary>
/// Everything needed to rebuild a <see cref="KnowledgeIndex"/>: its entries and their unit-length
/// vectors. The HNSW graph is not part of it; rebuilding from vectors keeps the format independent
/// of the graph library.
/// </summary>
public sealed record KnowledgeSnapshot(string EmbeddingModel, int Dimension, IReadOnlyList<EmbeddedEntry> Entries);
