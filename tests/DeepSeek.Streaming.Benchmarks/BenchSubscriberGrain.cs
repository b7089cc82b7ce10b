using Orleans;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace DeepSeek.Streaming.Benchmarks;

/// <summary>Counts the events it receives into <see cref="Bench.Received"/>.</summary>
[ImplicitStreamSubscription(Bench.Namespace)]
public sealed class BenchSubscriberGrain : Grain, IBenchSubscriberGrain, IStreamSubscriptionObserver, IAsyncObserver<BenchEvent>
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<BenchEvent>().ResumeAsync(this);

    public Task OnNextAsync(BenchEvent item, StreamSequenceToken? token = null)
    {
        Interlocked.Increment(ref Bench.Received);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
