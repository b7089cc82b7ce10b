using DeepSeek.Knowledge.Embeddings;
using Orleans.Concurrency;

namespace DeepSeek.Grains.Knowledge;

/// <summary>Serves the silo's embedding model; concurrent calls share encoder batches in the model's batcher.</summary>
[StatelessWorker] // stateless; an activation per silo keeps calls local to the batcher
[Reentrant]       // calls only await the batcher, so many may wait at once and fill one batch
public sealed class EmbeddingGrain(IEmbeddingModel embedder) : Grain, IEmbeddingGrain
{
    public async Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken = default)
    {
        if (this.GetPrimaryKeyString() != embedder.Name)
            throw PlatformException.NotFound($"The embedding model '{this.GetPrimaryKeyString()}' does not exist; use '{embedder.Name}'.", "model_not_found", "model");
        try
        {
            var vectors = await embedder.EmbedAsync(inputs, cancellationToken);
            // The encoder's word pieces are not exposed; whitespace words are a stable, documented approximation.
            var tokens = inputs.Sum(i => i.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
            return new EmbeddingResult(vectors, tokens, embedder.Name);
        }
        catch (EmbeddingQueueFullException e)
        {
            throw PlatformException.Unavailable(e.Message, "embedding_overloaded", 1);
        }
    }
}
