namespace DeepSeek.Streaming.Kafka.Tests;

/// <summary>A silo dies while its queues are busy: the survivors read on from the committed offsets.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloFailureTests
{
    [Fact(Timeout = 180_000)]
    public async Task KillingASiloMidStreamLosesNoEvent()
    {
        using var kafka = StreamCluster.StartKafka();
        await using var cluster = await StreamCluster.StartAsync(kafka, silos: 3, consumerGroup: "kill");
        var run = Guid.NewGuid().ToString("n");
        var streams = Enumerable.Range(0, 12).Select(i => $"{run}-s{i}").ToList();
        const int perStream = 60;
        var received = ReceivedEvents.Of(run);

        var producing = Task.WhenAll(streams.Select(s => ProducePacedAsync(cluster.Client, run, s, perStream)));
        Assert.True(await received.WaitForAsync(streams.Count * perStream / 4, TimeSpan.FromSeconds(30)), "the stream never got going");
        var victim = cluster.Silos[1];
        await cluster.KillSiloAsync(victim);
        await producing;

        var expected = streams.Count * perStream;
        var all = streams.SelectMany(s => Enumerable.Range(0, perStream).Select(i => $"{s}/{i}")).ToList();
        var arrived = await received.WaitForAsync(expected, TimeSpan.FromSeconds(60));
        var got = received.Deliveries.Select(d => d.Event.EventId).ToHashSet();
        Assert.True(arrived, $"{got.Count} of {expected} events arrived; missing {string.Join(", ", all.Where(id => !got.Contains(id)).Take(20))}");
        var deliveries = received.Deliveries;
        Assert.Contains(deliveries, d => d.Silo == victim.SiloAddress.ToString()); // it did take part before it died
        Assert.Equal(all.Order(), deliveries.Select(d => d.Event.EventId).Distinct().Order());
    }

    // Subscribers are slower than producers, so the killed silo dies with events read but not yet delivered.
    private const int HandlingMs = 30;

    // One event per call, a little apart, so production spans the kill. A call that fails (its producer grain
    // died with the silo) is sent again: the event id stays the same, the consumers deduplicate.
    private static async Task ProducePacedAsync(Orleans.IClusterClient client, string run, string stream, int count)
    {
        for (var i = 0; i < count; i++)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await client.GetGrain<IEventProducerGrain>(stream).ProduceAsync(run, stream, i, 1, HandlingMs);
                    break;
                }
                catch (Exception) when (attempt < 30)
                {
                    await Task.Delay(200);
                }
            }
            await Task.Delay(20);
        }
    }
}
