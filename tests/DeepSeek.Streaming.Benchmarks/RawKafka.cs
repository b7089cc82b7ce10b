using System.Diagnostics;
using Confluent.Kafka;

namespace DeepSeek.Streaming.Benchmarks;

/// <summary>
/// The baseline: plain Confluent.Kafka, one message per event, produced with the provider's producer settings
/// (idempotent, acks=all) and read by one consumer assigned every partition, both at once.
/// </summary>
public static class RawKafka
{
    public static double EventsPerSecond(string bootstrapServers, int events, int valueBytes, TimeSpan linger)
    {
        var value = new byte[valueBytes];
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"raw-{Guid.NewGuid():n}",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 100,
        }).Build();
        // Start at each partition's current end, resolved now rather than when the first fetch happens to run.
        consumer.Assign(Enumerable.Range(0, Bench.Partitions).Select(p => new TopicPartitionOffset(Bench.RawTopic, p,
            consumer.QueryWatermarkOffsets(new TopicPartition(Bench.RawTopic, p), TimeSpan.FromSeconds(10)).High)));

        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = linger.TotalMilliseconds,
            QueueBufferingMaxMessages = 1_000_000,
        }).Build();

        var clock = Stopwatch.StartNew();
        var failures = 0;
        var producing = Task.Run(() =>
        {
            for (var i = 0; i < events; i++)
            {
                var key = BitConverter.GetBytes(i % 1000);
                producer.Produce(new TopicPartition(Bench.RawTopic, i % Bench.Partitions), new Message<byte[], byte[]> { Key = key, Value = value },
                    report => { if (report.Error.IsError) { Interlocked.Increment(ref failures); } });
            }
            producer.Flush(TimeSpan.FromMinutes(1));
        });

        var consumed = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (consumed < events && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not null)
            {
                consumed++;
            }
        }
        var elapsed = clock.Elapsed;
        producing.Wait();
        if (consumed < events || failures > 0)
        {
            throw new InvalidOperationException($"Raw Kafka run incomplete: {consumed} of {events} consumed, {failures} delivery failures.");
        }
        return events / elapsed.TotalSeconds;
    }
}
