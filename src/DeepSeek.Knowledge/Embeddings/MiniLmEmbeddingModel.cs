namespace DeepSeek.Knowledge.Embeddings;

/// <summary>Creates the platform's default embedding model: MiniLM behind a micro-batcher.</summary>
public static class MiniLmEmbeddingModel
{
    /// <summary>Loads the model (about half a second) and starts its batching thread.</summary>
    public static BatchingEmbeddingModel Create(EmbeddingBatchOptions? options = null, int intraOpThreads = 2) =>
        new(new MiniLmEncoder(intraOpThreads), options, ownsEncoder: true);
}
