using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace DeepSeek.Streaming.Kafka.Tests;

/// <summary>The brokers go away for a while: nothing is lost, and the health check says so while it lasts.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BrokerOutageTests
{
    [Fact(Timeout = 180_000)]
    public async Task EventsProducedDuringAnOutageArriveAfterItAndHealthFollowsTheBrokers()
    {
        using var kafka = StreamCluster.StartKafka();
        await using var cluster = await StreamCluster.StartAsync(kafka, silos: 2, consumerGroup: "outage");
        var run = Guid.NewGuid().ToString("n");
        var streams = Enumerable.Range(0, 4).Select(i => $"{run}-s{i}").ToList();
        var received = ReceivedEvents.Of(run);
        var silo = cluster.Silos[0];

        await Task.WhenAll(streams.Select(s => cluster.Client.GetGrain<IEventProducerGrain>(s).ProduceAsync(run, s, 0, 5)));
        Assert.True(await received.WaitForAsync(20, TimeSpan.FromSeconds(30)));
        Assert.Equal(HealthStatus.Healthy, await StreamCluster.HealthAsync(cluster, silo));

        kafka.SetAllBrokersDown();
        Assert.True(await WaitForHealthAsync(cluster, silo, HealthStatus.Degraded), "health stayed Healthy with every broker down");
        var producing = Task.WhenAll(streams.Select(s => cluster.Client.GetGrain<IEventProducerGrain>(s).ProduceAsync(run, s, 5, 10)));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(producing.IsCompleted, "producing calls completed while no broker could take their events");
        Assert.Equal(20, received.DistinctCount);

        kafka.SetAllBrokersUp();
        await producing;
        Assert.True(await received.WaitForAsync(60, TimeSpan.FromSeconds(60)), $"{received.DistinctCount} of 60 events arrived");
        Assert.True(await WaitForHealthAsync(cluster, silo, HealthStatus.Healthy), "health did not recover with the brokers");
        foreach (var stream in received.Deliveries.GroupBy(d => d.Event.Stream))
        {
            Assert.Equal(Enumerable.Range(0, 15), stream.Select(d => d.Event.Sequence).Distinct());
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task AProducerThatCannotReachKafkaInTimeGetsAClearException()
    {
        using var kafka = StreamCluster.StartKafka();
        await using var cluster = await StreamCluster.StartAsync(kafka, silos: 1, consumerGroup: "timeout",
            o => o.DeliveryTimeout = TimeSpan.FromSeconds(2));
        var stream = cluster.Client.GetStreamProvider(TestStreams.Provider)
            .GetStream<TestEvent>(StreamId.Create(TestStreams.Namespace, "lost-cause"));
        await stream.OnNextAsync(new TestEvent("timeout", "lost-cause", 0)); // connected and working

        kafka.SetAllBrokersDown();
        var error = await Assert.ThrowsAsync<KafkaStreamException>(() => stream.OnNextAsync(new TestEvent("timeout", "lost-cause", 1)));
        Assert.Contains("could not deliver 1 event(s)", error.Message);
        kafka.SetAllBrokersUp();
    }

    private static async Task<bool> WaitForHealthAsync(InProcessTestCluster cluster, InProcessSiloHandle silo, HealthStatus status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await StreamCluster.HealthAsync(cluster, silo) == status)
            {
                return true;
            }
            await Task.Delay(200);
        }
        return false;
    }
}
