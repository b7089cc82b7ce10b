using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using DeepSeek.Grains.Events;
using DeepSeek.Grains.Knowledge;
using Orleans.Streams;

namespace DeepSeek.Grains.Tests;

/// <summary>Grains publish their changes as platform events; consumers count each event once.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EventTests(ClusterFixture cluster)
{
    [Fact(Timeout = 60_000)]
    public async Task AddingAndDeletingKnownAnswersPublishesKnowledgeEventsThatTheMetricsConsumerCountsOnce()
    {
        // Events of earlier tests in this cluster are delivered within a few hundred milliseconds; let them pass.
        await Task.Delay(1000);
        var consumed = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "DeepSeek.Orleans" && instrument.Name == "deepseek_events_consumed") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var type = tags.ToArray().First(t => t.Key == "type").Value as string ?? "";
            consumed.AddOrUpdate(type, value, (_, v) => v + value);
        });
        listener.Start();
        var knowledge = cluster.Grains.GetGrain<IKnowledgeGrain>($"events_t/{TinyModel.Id}");

        var added = await knowledge.ImportAsync([
            new KnowledgeEntryInput { Question = "What is published?", Answer = "Events." },
            new KnowledgeEntryInput { Question = "Where do they go?", Answer = "To the knowledge stream." },
        ]);
        var entries = await knowledge.ListAsync(0, 10);
        await knowledge.DeleteAsync(entries[0].Id);

        var clock = Stopwatch.StartNew();
        while (consumed.GetValueOrDefault(nameof(KnowledgeEntryDeleted)) < 1 && clock.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(50);
        await Task.Delay(300);
        Assert.Equal(2, added.Added);
        // One event for the import (both entries), one for the delete: each counted exactly once.
        Assert.Equal(1, consumed.GetValueOrDefault(nameof(KnowledgeEntriesAdded)));
        Assert.Equal(1, consumed.GetValueOrDefault(nameof(KnowledgeEntryDeleted)));
    }

    [Fact(Timeout = 60_000)]
    public async Task KnowledgeEventsCarryTheTenantModelAndEntryIds()
    {
        var received = new List<PlatformEvent>();
        var stream = cluster.Cluster.Client.GetStreamProvider(ProviderNames.Streams)
            .GetStream<PlatformEvent>(StreamId.Create(EventStreams.Knowledge, "events_u"));
        var subscription = await stream.SubscribeAsync((e, _) =>
        {
            lock (received) received.Add(e);
            return Task.CompletedTask;
        });
        try
        {
            var entry = await cluster.Grains.GetGrain<IKnowledgeGrain>($"events_u/{TinyModel.Id}")
                .AddAsync(new KnowledgeEntryInput { Question = "Which tenant?", Answer = "events_u" });

            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                lock (received) if (received.Count > 0) break;
                await Task.Delay(50);
            }
            PlatformEvent first;
            lock (received) first = Assert.Single(received);
            var added = Assert.IsType<KnowledgeEntriesAdded>(first);
            Assert.Equal("events_u", added.TenantId);
            Assert.Equal(TinyModel.Id, added.Model);
            Assert.Equal([entry.Id], added.EntryIds);
            Assert.Equal("curated", added.Source);
            Assert.NotEqual(Guid.Empty, added.EventId);
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task ABurstOfCompletionsPublishesEveryUsageEventExactlyOnce()
    {
        const string tenant = "events_burst";
        await cluster.Grains.GetGrain<IKnowledgeGrain>($"{tenant}/{TinyModel.Id}")
            .AddAsync(new KnowledgeEntryInput { Question = "What is a burst?", Answer = "Many requests at once.", ContextFree = true });
        var received = new ConcurrentDictionary<string, int>();
        var stream = cluster.Cluster.Client.GetStreamProvider(ProviderNames.Streams)
            .GetStream<PlatformEvent>(StreamId.Create(EventStreams.Inference, tenant));
        var subscription = await stream.SubscribeAsync((e, _) =>
        {
            if (e is InferenceCompleted completed) received.AddOrUpdate(completed.CompletionId, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        });
        try
        {
            // More completions than one batch holds, faster than the flush timer: batches go out as they fill.
            var count = Inference.InferenceGrain.PublishBatchSize * 3 + 17;
            var inference = cluster.Grains.GetGrain<Chat.IInferenceGrain>(TinyModel.Id);
            var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => inference.CompleteBufferedAsync(new Chat.CompletionRequest
            {
                CompletionId = $"chatcmpl-burst{i}",
                TenantId = tenant,
                Model = TinyModel.Id,
                Messages = [new Chat.ChatTurn("user", "What is a burst?")],
            })));
            Assert.All(results, r => Assert.Equal(Chat.CompletionRoute.Knowledge, r.Route.Route));

            var clock = Stopwatch.StartNew();
            while (received.Count < count && clock.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
            await Task.Delay(500); // a duplicate would arrive right behind
            Assert.Equal(count, received.Count);
            Assert.All(received, pair => Assert.Equal(1, pair.Value));
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task ATenantWhoseChargeHangsDoesNotHoldBackAnotherTenantsUsageEvents()
    {
        const string slow = ClusterFixture.SlowChargePrefix + "events";
        const string quick = "events_quick";
        foreach (var tenant in new[] { slow, quick })
        {
            await cluster.Grains.GetGrain<IKnowledgeGrain>($"{tenant}/{TinyModel.Id}")
                .AddAsync(new KnowledgeEntryInput { Question = "Is the flush stuck?", Answer = "No.", ContextFree = true });
        }
        var received = new ConcurrentDictionary<string, TaskCompletionSource>();
        var subscriptions = new List<StreamSubscriptionHandle<PlatformEvent>>();
        foreach (var tenant in new[] { slow, quick })
        {
            received[tenant] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var stream = cluster.Cluster.Client.GetStreamProvider(ProviderNames.Streams)
                .GetStream<PlatformEvent>(StreamId.Create(EventStreams.Inference, tenant));
            subscriptions.Add(await stream.SubscribeAsync((e, _) =>
            {
                if (e is InferenceCompleted completed) received[completed.TenantId].TrySetResult();
                return Task.CompletedTask;
            }));
        }
        var inference = cluster.Grains.GetGrain<Chat.IInferenceGrain>(TinyModel.Id);
        Task<Chat.CompletionResult> AskAsync(string tenant) => inference.CompleteBufferedAsync(new Chat.CompletionRequest
        {
            CompletionId = $"chatcmpl-{tenant}",
            TenantId = tenant,
            Model = TinyModel.Id,
            Messages = [new Chat.ChatTurn("user", "Is the flush stuck?")],
        });
        try
        {
            // The slow tenant's charge goes out with the next flush and hangs there.
            await AskAsync(slow);
            await received[slow].Task.WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(500);

            // Flushes go on meanwhile: the other tenant's usage event is published within a few intervals.
            await AskAsync(quick);
            var published = await Task.WhenAny(received[quick].Task, Task.Delay(TimeSpan.FromSeconds(5)));
            Assert.True(published == received[quick].Task, "the quick tenant's usage event waited for the slow tenant's charge");
        }
        finally
        {
            cluster.SlowCharges.TrySetResult();
            foreach (var subscription in subscriptions) await subscription.UnsubscribeAsync();
        }
    }
}
