namespace DeepSeek.Knowledge.Embeddings;

/// <summary>The embedding queue is full; the request was not admitted and may be retried later.</summary>
public sealed class EmbeddingQueueFullException(string message) : Exception(message);
