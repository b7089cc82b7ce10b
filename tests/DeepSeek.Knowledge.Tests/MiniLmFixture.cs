using DeepSeek.Knowledge.Embeddings;

namespace DeepSeek.Knowledge.Tests;

/// <summary>Loads MiniLM once (about half a second and 400 MB) for every test class that needs it.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public BatchingEmbeddingModel Model { get; } = MiniLmEmbeddingModel.Create();

    public void Dispose() => Model.Dispose();
}
