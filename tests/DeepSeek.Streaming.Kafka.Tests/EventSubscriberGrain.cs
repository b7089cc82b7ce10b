using Orleans;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace DeepSeek.Streaming.Kafka.Tests;

/// <summary>Records every event it receives, with the silo it ran on, in <see cref="ReceivedEvents"/>.</summary>
[ImplicitStreamSubscription(TestStreams.Namespace)]
[RandomPlacement] // subscribers spread over the silos, so delivery crosses silo boundaries
public sealed class EventSubscriberGrain(ILocalSiloDetails silo) : Grain, IEventSubscriberGrain, IStreamSubscriptionObserver, IAsyncObserver<TestEvent>
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<TestEvent>().ResumeAsync(this);

    public async Task OnNextAsync(TestEvent item, StreamSequenceToken? token = null)
    {
        if (item.HandlingMs > 0)
        {
            await Task.Delay(item.HandlingMs);
        }
        ReceivedEvents.Record(item, silo.SiloAddress.ToString());
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
