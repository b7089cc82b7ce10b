namespace DeepSeek.Streaming.Kafka.Tests;

/// <summary>Offsets committed in the consumer group carry the stream over a restart of the whole cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CheckpointTests
{
    [Fact(Timeout = 180_000)]
    public async Task RestartedSilosResumeFromCommittedOffsetsInsteadOfReplayingTheTopic()
    {
        using var kafka = StreamCluster.StartKafka();
        var run = Guid.NewGuid().ToString("n");
        var streams = Enumerable.Range(0, 8).Select(i => $"{run}-s{i}").ToList();
        var received = ReceivedEvents.Of(run);

        await using (var first = await StreamCluster.StartAsync(kafka, silos: 2, consumerGroup: "restart"))
        {
            await Task.WhenAll(streams.Select(s => first.Client.GetGrain<IEventProducerGrain>(s).ProduceAsync(run, s, 0, 30)));
            Assert.True(await received.WaitForAsync(240, TimeSpan.FromSeconds(30)), $"{received.DistinctCount} of 240 events arrived");
            await first.StopAllSilosAsync();
        }
        var beforeRestart = received.Deliveries.Count;

        await using var second = await StreamCluster.StartAsync(kafka, silos: 2, consumerGroup: "restart");
        await Task.WhenAll(streams.Select(s => second.Client.GetGrain<IEventProducerGrain>(s).ProduceAsync(run, s, 30, 10)));
        Assert.True(await received.WaitForAsync(320, TimeSpan.FromSeconds(30)), $"{received.DistinctCount} of 320 events arrived");

        // A partition is read in order, so any replayed old event came before the new ones of its stream. Usually
        // none is; a queue handed from a stopping silo to the next one to stop can replay the tail it re-read.
        var replayed = received.Deliveries.Skip(beforeRestart).Count(d => d.Event.Sequence < 30);
        Assert.True(replayed <= 240 / 10, $"{replayed} of 240 events delivered before the restart were delivered again");
    }
}
