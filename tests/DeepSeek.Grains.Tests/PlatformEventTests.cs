using DeepSeek.Grains.Events;

namespace DeepSeek.Grains.Tests;

/// <summary>Event ids: consumers deduplicate by them, so they must never repeat.</summary>
public sealed class PlatformEventTests
{
    [Fact]
    public void EveryEventGetsItsOwnRandomVersion4Id()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 5_000; i++) ids.Add(new InferenceCompleted { TenantId = "t", CompletionId = "c", Model = "m", Route = "knowledge" }.EventId);
        });

        Assert.Equal(40_000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(4, id.Version));
        Assert.All(ids, id => Assert.InRange(id.Variant, 8, 11)); // RFC 4122: 10xx
    }
}

/// <summary>Random ids handed out per request: never repeated, always of the stated shape.</summary>
public sealed class RandomBytesTests
{
    [Fact]
    public void HexIdsHaveThePrefixAndLengthAndNeverRepeat()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 10_000; i++) ids.Add(RandomBytes.HexId("chatcmpl-", 12));
        });

        Assert.Equal(40_000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^chatcmpl-[0-9a-f]{24}$", id));
    }

    [Fact]
    public void FilledBytesAreSpreadOverEveryValueAndLargeRequestsWork()
    {
        var counts = new int[256];
        var chunk = new byte[7]; // odd sizes cross the refill boundary at different offsets
        for (var i = 0; i < 20_000; i++)
        {
            RandomBytes.Fill(chunk);
            foreach (var b in chunk) counts[b]++;
        }
        // 140,000 bytes: about 547 per value; a stuck or zeroed buffer would leave values far off.
        Assert.All(counts, c => Assert.InRange(c, 350, 750));

        var large = new byte[10_000];
        RandomBytes.Fill(large);
        Assert.True(large.Distinct().Count() > 200);
    }
}
