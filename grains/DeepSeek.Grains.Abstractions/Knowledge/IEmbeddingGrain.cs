namespace DeepSeek.Grains.Knowledge;

/// <summary>Sentence embeddings on a silo that hosts the embedding model. Key: embedding model name.</summary>
[Alias("deepseek.embedding")]
public interface IEmbeddingGrain : IGrainWithStringKey
{
    /// <summary>L2-normalised embeddings, one per input, in input order.</summary>
    [Alias("embed")] Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken = default);
}

/// <summary>Embeddings and the tokens they consumed.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.embedding-result")]
public sealed record EmbeddingResult([property: Id(0)] IReadOnlyList<float[]> Vectors, [property: Id(1)] int Tokens, [property: Id(2)] string Model);
