using Orleans;
using Orleans.Runtime;

namespace DeepSeek.Streaming.Kafka.Tests;

public sealed class EventProducerGrain : Grain, IEventProducerGrain
{
    public async Task ProduceAsync(string run, string stream, int from, int count, int handlingMs = 0)
    {
        var target = Stream(stream);
        for (var i = from; i < from + count; i++)
        {
            await target.OnNextAsync(new TestEvent(run, stream, i, handlingMs));
        }
    }

    public async Task ProduceBatchesAsync(string run, string stream, int from, int count, int batchSize)
    {
        var target = Stream(stream);
        for (var i = from; i < from + count; i += batchSize)
        {
            var end = Math.Min(from + count, i + batchSize);
            await target.OnNextBatchAsync(Enumerable.Range(i, end - i).Select(s => new TestEvent(run, stream, s)).ToList());
        }
    }

    private Orleans.Streams.IAsyncStream<TestEvent> Stream(string key) =>
        this.GetStreamProvider(TestStreams.Provider).GetStream<TestEvent>(StreamId.Create(TestStreams.Namespace, key));
}
