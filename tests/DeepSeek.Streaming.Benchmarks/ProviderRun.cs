using System.Diagnostics;
using DeepSeek.Streaming.Kafka;
using DeepSeek.Testing;
using Orleans.Streams;
using Orleans.TestingHost;

namespace DeepSeek.Streaming.Benchmarks;

/// <summary>End to end through the provider: producer grains → Kafka → pulling agents → implicit subscriber grains.</summary>
public sealed class ProviderRun(InProcessTestCluster cluster) : IAsyncDisposable
{
    public static async Task<ProviderRun> StartAsync(MockKafkaCluster kafka, int silos, TimeSpan linger)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => silo.AddKafkaStreams(Bench.Provider, o => Configure(o, kafka, linger), stream =>
        {
            stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            stream.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(20)));
        }));
        builder.ConfigureClient(client => client.AddKafkaStreams(Bench.Provider, o => Configure(o, kafka, linger)));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ProviderRun(cluster);
    }

    /// <summary>Events per second from the first producing call to the last event a subscriber handled.</summary>
    public async Task<double> EventsPerSecondAsync(int producers, int eventsPerProducer, int batchSize)
    {
        var total = (long)producers * eventsPerProducer;
        var start = Interlocked.Read(ref Bench.Received);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, producers).Select(p =>
            cluster.Client.GetGrain<IBenchProducerGrain>(p).ProduceAsync(eventsPerProducer, batchSize)));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (Interlocked.Read(ref Bench.Received) - start < total)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Interlocked.Read(ref Bench.Received) - start} of {total} events arrived.");
            }
            await Task.Delay(5);
        }
        return total / clock.Elapsed.TotalSeconds;
    }

    public ValueTask DisposeAsync() => cluster.DisposeAsync();

    private static void Configure(KafkaStreamOptions options, MockKafkaCluster kafka, TimeSpan linger)
    {
        options.BootstrapServers = kafka.BootstrapServers;
        options.Namespaces = [Bench.Namespace];
        options.Partitions = Bench.Partitions;
        options.ProducerLinger = linger;
        options.ConsumerGroup = "bench";
    }
}
