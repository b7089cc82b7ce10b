using DeepSeek.Grains.Events;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace DeepSeek.Grains.Usage;

/// <summary>Marker interface of the usage projector (it is only ever activated by its stream).</summary>
[Alias("deepseek.usage-projector")]
public interface IUsageProjectorGrain : IGrainWithStringKey;

/// <summary>
/// CQRS projector: one per tenant, implicitly subscribed to the tenant's <c>inference</c> stream, folding
/// <see cref="InferenceCompleted"/> events into the usage read model. Idempotent by event id (the store
/// records which ids it applied), so redelivery after a crash never counts twice.
/// </summary>
[ImplicitStreamSubscription(EventStreams.Inference)]
public sealed class UsageProjectorGrain(IUsageStore store, ILogger<UsageProjectorGrain> logger)
    : Grain, IUsageProjectorGrain, IStreamSubscriptionObserver, IAsyncBatchObserver<PlatformEvent>
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<PlatformEvent>().ResumeAsync(this);

    public async Task OnNextAsync(IList<SequentialItem<PlatformEvent>> items)
    {
        var completed = items.Select(i => i.Item).OfType<InferenceCompleted>().ToList();
        if (completed.Count == 0) return;
        // A failure propagates: the stream redelivers and the store skips what it already applied.
        var applied = await store.ApplyAsync(completed);
        GrainMetrics.EventsProjected.Add(applied);
        if (logger.IsEnabled(LogLevel.Debug))
            logger.LogDebug("Usage projector for {Tenant} applied {Applied} of {Count} event(s) at {Tokens}; the rest were redeliveries.", this.GetPrimaryKeyString(), applied, completed.Count,
                string.Join(", ", items.Select(i => i.Token)));
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        logger.LogWarning(ex, "The inference stream of {Tenant} reported an error.", this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }
}
