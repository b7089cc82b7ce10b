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
