using Orleans;

namespace DeepSeek.Streaming.Benchmarks;

/// <summary>Produces events to the stream named by its key.</summary>
[Alias("DeepSeek.Streaming.Benchmarks.IBenchProducerGrain")]
public interface IBenchProducerGrain : IGrainWithIntegerKey
{
    /// <summary><paramref name="count"/> events in producing calls of <paramref name="batchSize"/> events each.</summary>
    Task ProduceAsync(int count, int batchSize);
}
