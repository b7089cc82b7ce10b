using Orleans.Runtime;

namespace DeepSeek.Streaming.Kafka.Tests;

/// <summary>Events go from producers through Kafka to implicit subscribers on every silo.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StreamDeliveryTests
{
    [Fact(Timeout = 120_000)]
    public async Task GrainEventsReachImplicitSubscribersOnEverySiloInOrder()
    {
        using var kafka = StreamCluster.StartKafka();
        await using var cluster = await StreamCluster.StartAsync(kafka, silos: 2, consumerGroup: "delivery");
        var run = Guid.NewGuid().ToString("n");
        var streams = Enumerable.Range(0, 16).Select(i => $"{run}-s{i}").ToList();

        await Task.WhenAll(streams.Select(s => cluster.Client.GetGrain<IEventProducerGrain>(s).ProduceAsync(run, s, 0, 25)));

        var received = ReceivedEvents.Of(run);
        Assert.True(await received.WaitForAsync(16 * 25, TimeSpan.FromSeconds(30)), $"{received.DistinctCount} of 400 events arrived");
        var deliveries = received.Deliveries;
        Assert.Equal(400, deliveries.Count); // no failure, so no duplicate either
        foreach (var stream in deliveries.GroupBy(d => d.Event.Stream))
        {
            Assert.Equal(Enumerable.Range(0, 25), stream.Select(d => d.Event.Sequence));
        }
        Assert.True(deliveries.Select(d => d.Silo).Distinct().Count() >= 2, "subscribers ran on one silo only");
    }

    [Fact(Timeout = 120_000)]
    public async Task BatchesFromAClientArriveAsSingleEvents()
    {
        using var kafka = StreamCluster.StartKafka();
        await using var cluster = await StreamCluster.StartAsync(kafka, silos: 2, consumerGroup: "client");
        var run = Guid.NewGuid().ToString("n");
        var stream = cluster.Client.GetStreamProvider(TestStreams.Provider)
            .GetStream<TestEvent>(StreamId.Create(TestStreams.Namespace, $"{run}-client"));

        await stream.OnNextBatchAsync(Enumerable.Range(0, 10).Select(i => new TestEvent(run, $"{run}-client", i)).ToList());
        await stream.OnNextAsync(new TestEvent(run, $"{run}-client", 10));

        var received = ReceivedEvents.Of(run);
        Assert.True(await received.WaitForAsync(11, TimeSpan.FromSeconds(30)), $"{received.DistinctCount} of 11 events arrived");
        Assert.Equal(Enumerable.Range(0, 11), received.Deliveries.Select(d => d.Event.Sequence));
    }

    [Fact(Timeout = 120_000)]
    public async Task ProducingToANamespaceTheProviderDoesNotCarryFailsClearly()
    {
        using var kafka = StreamCluster.StartKafka();
        await using var cluster = await StreamCluster.StartAsync(kafka, silos: 1, consumerGroup: "unknown");
        var stream = cluster.Client.GetStreamProvider(TestStreams.Provider)
            .GetStream<TestEvent>(StreamId.Create("not-configured", "x"));

        var error = await Assert.ThrowsAsync<KafkaStreamException>(() => stream.OnNextAsync(new TestEvent("r", "x", 0)));
        Assert.Contains("not-configured", error.Message);
    }
}
