using Orleans;

namespace DeepSeek.Streaming.Kafka.Tests;

/// <summary>Writes numbered events to a stream of the test namespace.</summary>
[Alias("DeepSeek.Streaming.Kafka.Tests.IEventProducerGrain")]
public interface IEventProducerGrain : IGrainWithStringKey
{
    /// <summary>Events <paramref name="from"/>… of stream <paramref name="stream"/>, one producing call each.</summary>
    Task ProduceAsync(string run, string stream, int from, int count, int handlingMs = 0);

    /// <summary>The same events in producing calls of <paramref name="batchSize"/> events each.</summary>
    Task ProduceBatchesAsync(string run, string stream, int from, int count, int batchSize);
}
