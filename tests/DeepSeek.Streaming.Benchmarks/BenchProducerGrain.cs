using Orleans;
using Orleans.Runtime;

namespace DeepSeek.Streaming.Benchmarks;

public sealed class BenchProducerGrain : Grain, IBenchProducerGrain
{
    public async Task ProduceAsync(int count, int batchSize)
    {
        var producer = (int)this.GetPrimaryKeyLong();
        var stream = this.GetStreamProvider(Bench.Provider).GetStream<BenchEvent>(StreamId.Create(Bench.Namespace, producer));
        for (var i = 0; i < count; i += batchSize)
        {
            if (batchSize == 1)
            {
                await stream.OnNextAsync(new BenchEvent(producer, i));
            }
            else
            {
                var n = Math.Min(batchSize, count - i);
                await stream.OnNextBatchAsync(Enumerable.Range(i, n).Select(s => new BenchEvent(producer, s)).ToList());
            }
        }
    }
}
