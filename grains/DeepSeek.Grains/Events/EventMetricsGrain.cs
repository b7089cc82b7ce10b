using System.Diagnostics.Metrics;
using DeepSeek.Grains.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace DeepSeek.Grains.Events;

/// <summary>Marker interface of the event metrics consumer (activated only by its streams).</summary>
[Alias("deepseek.event-metrics")]
public interface IEventMetricsGrain : IGrainWithStringKey;

/// <summary>
/// Counts every platform event by namespace and type (<c>deepseek_events_consumed</c>), one activation
/// per tenant, implicitly subscribed to every namespace. Redeliveries are recognised by event id among
/// the most recent <see cref="RememberedEvents"/> and not counted again.
/// </summary>
[ImplicitStreamSubscription(EventStreams.Inference)]
[ImplicitStreamSubscription(EventStreams.Knowledge)]
[ImplicitStreamSubscription(EventStreams.Training)]
[ImplicitStreamSubscription(EventStreams.Models)]
[ImplicitStreamSubscription(EventStreams.Features)]
public sealed class EventMetricsGrain : Grain, IEventMetricsGrain, IStreamSubscriptionObserver
{
    public const int RememberedEvents = 10_000;

    private static readonly Counter<long> Consumed = GrainMetrics.Meter.CreateCounter<long>(
        "deepseek_events_consumed", description: "Platform events consumed from the streams, by namespace and type (redeliveries excluded).");

    private readonly RecentEventIds _seen = new(RememberedEvents);

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        var streamNamespace = handleFactory.StreamId.GetNamespace() ?? "";
        await handleFactory.Create<PlatformEvent>().ResumeAsync(new Observer(this, streamNamespace));
    }

    private void Count(string streamNamespace, PlatformEvent e)
    {
        if (!_seen.Add(e.EventId)) return;
        Consumed.Add(1, new KeyValuePair<string, object?>("namespace", streamNamespace), new KeyValuePair<string, object?>("type", e.GetType().Name));
    }

    private sealed class Observer(EventMetricsGrain grain, string streamNamespace) : IAsyncBatchObserver<PlatformEvent>
    {
        public Task OnNextAsync(IList<SequentialItem<PlatformEvent>> items)
        {
            foreach (var item in items) grain.Count(streamNamespace, item.Item);
            return Task.CompletedTask;
        }

        public Task OnCompletedAsync() => Task.CompletedTask;

        public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
    }
}
