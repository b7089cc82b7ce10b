using DeepSeek.Grains.Events;
using Orleans.Streams;

namespace DeepSeek.Grains.Events;

/// <summary>How grains put platform events on their streams (memory streams or Kafka; the grains do not know which).</summary>
internal static class EventPublishing
{
    public static IAsyncStream<PlatformEvent> EventStream(this Grain grain, string streamNamespace, string key) =>
        grain.GetStreamProvider(ProviderNames.Streams).GetStream<PlatformEvent>(StreamId.Create(streamNamespace, key));

    /// <summary>Publishes one event on the tenant's stream of <paramref name="streamNamespace"/>.</summary>
    public static Task PublishAsync(this Grain grain, string streamNamespace, PlatformEvent e) =>
        grain.EventStream(streamNamespace, e.TenantId).OnNextAsync(e);

    /// <summary>Publishes events of one tenant in order, as one batch.</summary>
    public static Task PublishBatchAsync(this Grain grain, string streamNamespace, string key, IReadOnlyList<PlatformEvent> events) =>
        events.Count == 1
            ? grain.EventStream(streamNamespace, key).OnNextAsync(events[0])
            : grain.EventStream(streamNamespace, key).OnNextBatchAsync(events);
}
