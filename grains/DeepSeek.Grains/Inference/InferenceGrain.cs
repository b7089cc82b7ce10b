using System.Runtime.CompilerServices;
using System.Text;
using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Events;
using DeepSeek.Grains.Knowledge;
using DeepSeek.Grains.Models;
using DeepSeek.Grains.Sessions;
using DeepSeek.Grains.Tenants;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace DeepSeek.Grains.Inference;

/// <summary>
/// The inference engine: continues the session, answers from the knowledge base when the last user
/// turn is a known question, and otherwise streams the fallback's model answer. When the answer is
/// complete it stores the turn in the session and the completion for feedback.
/// </summary>
[StatelessWorker(1)] // pure routing, local to every silo; one activation, because a stream's later calls must find its enumerator
[Reentrant]          // streams interleave; each only awaits the grains below it
public sealed class InferenceGrain(ITokenCounter tokens, TimeProvider clock, ILogger<InferenceGrain> logger) : Grain, IInferenceGrain
{
    // Tokens used and completions finished per tenant since the last flush: one charge message and one
    // event batch per tenant every interval instead of one of each per completion. A crash loses at most
    // one interval of charges (the limits are per minute) and of usage events.
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Events kept per tenant while their stream is unavailable; beyond it the oldest are dropped (and logged).</summary>
    internal const int MaxPendingEventsPerTenant = 10_000;

    private readonly Dictionary<string, int> _pendingCharges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PlatformEvent>> _pendingEvents = new(StringComparer.Ordinal);

    // GetGrain resolves the interface's grain type by reflection on every call; references are reusable.
    // One per tenant and model this silo answered; cleared if it ever grows past the bound.
    private const int MaxKnowledgeGrains = 10_000;
    private readonly Dictionary<string, IKnowledgeGrain> _knowledgeGrains = new(StringComparer.Ordinal);
    private IGrainTimer? _flushTimer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _flushTimer = this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(FlushInterval, FlushInterval) { Interleave = true });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _flushTimer?.Dispose();
        return FlushAsync();
    }

    private Task FlushAsync() => Task.WhenAll(FlushChargesAsync(), FlushEventsAsync());

    private async Task FlushChargesAsync()
    {
        if (_pendingCharges.Count == 0) return;
        var charges = _pendingCharges.ToList();
        _pendingCharges.Clear();
        await Task.WhenAll(charges.Select(c => GrainFactory.GetGrain<ITenantGrain>(c.Key).ChargeTokensAsync(c.Value)));
    }

    private async Task FlushEventsAsync()
    {
        if (_pendingEvents.Count == 0) return;
        var batches = _pendingEvents.ToList();
        _pendingEvents.Clear();
        await Task.WhenAll(batches.Select(async batch =>
        {
            try
            {
                await this.PublishBatchAsync(EventStreams.Inference, batch.Key, batch.Value);
                GrainMetrics.EventsPublished.Add(batch.Value.Count);
            }
            catch (Exception e)
            {
                // Kept, ahead of newer events, for the next flush: usage is not lost while the stream is down.
                GrainMetrics.EventPublishFailures.Add(1);
                logger.LogWarning(e, "Publishing {Count} inference event(s) of tenant {Tenant} failed; retrying with the next flush.",
                    batch.Value.Count, batch.Key);
                var retry = _pendingEvents.TryGetValue(batch.Key, out var newer) ? [.. batch.Value, .. newer] : batch.Value;
                if (retry.Count > MaxPendingEventsPerTenant)
                {
                    logger.LogError("Dropping {Count} inference event(s) of tenant {Tenant}: the stream has been unavailable too long.",
                        retry.Count - MaxPendingEventsPerTenant, batch.Key);
                    retry.RemoveRange(0, retry.Count - MaxPendingEventsPerTenant);
                }
                _pendingEvents[batch.Key] = retry;
            }
        }));
    }

    private void RecordUsage(CompletionRequest request, CompletionRoute? route, CompletionChunk last)
    {
        _pendingCharges[request.TenantId] = _pendingCharges.GetValueOrDefault(request.TenantId) + (last.CompletionTokens ?? 0);
        if (!_pendingEvents.TryGetValue(request.TenantId, out var events)) _pendingEvents[request.TenantId] = events = [];
        events.Add(new InferenceCompleted
        {
            TenantId = request.TenantId,
            Timestamp = clock.GetUtcNow(),
            CompletionId = request.CompletionId,
            Model = request.Model,
            Route = route?.Route ?? CompletionRoute.ModelRoute,
            PromptTokens = last.PromptTokens ?? 0,
            CompletionTokens = last.CompletionTokens ?? 0,
            FinishReason = last.FinishReason,
            Worker = route?.Worker,
            SessionId = request.SessionId,
        });
    }

    public async Task<CompletionResult> CompleteBufferedAsync(CompletionRequest request, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        CompletionRoute? route = null;
        CompletionChunk? last = null;
        await foreach (var chunk in CompleteAsync(request, cancellationToken))
        {
            route ??= chunk.Route;
            text.Append(chunk.Text);
            last = chunk;
        }
        return new CompletionResult
        {
            Text = text.ToString(),
            Route = route ?? new CompletionRoute { Route = CompletionRoute.ModelRoute },
            FinishReason = last?.FinishReason ?? "stop",
            PromptTokens = last?.PromptTokens ?? 0,
            CompletionTokens = last?.CompletionTokens ?? 0,
        };
    }

    public async IAsyncEnumerable<CompletionChunk> CompleteAsync(CompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var session = request.SessionId is null ? null : GrainFactory.GetGrain<ISessionGrain>($"{request.TenantId}/{request.SessionId}");
        var history = session is null ? [] : (await session.GetAsync())?.Turns ?? [];
        var conversation = history.Concat(request.Messages).ToList();
        var question = conversation.LastOrDefault(m => m.Role == "user")?.Content;
        // Earlier user or assistant turns make this a conversation in context; a system prompt alone does not.
        var hasContext = conversation.Count(m => m.Role is "user" or "assistant") > 1;

        var answer = new StringBuilder();
        CompletionRoute? route = null;
        CompletionChunk? last = null;
        KnowledgeMatch? match = null;
        if (question is not null && !request.ModelOnly)
        {
            match = await KnowledgeGrain(request).LookupAsync(question, hasContext, cancellationToken);
        }
        if (match?.Entry is { } entry)
        {
            route = new CompletionRoute { Route = CompletionRoute.Knowledge, Similarity = match.Similarity, KnowledgeEntryId = entry.Id };
            answer.Append(entry.Answer);
            last = new CompletionChunk
            {
                Text = entry.Answer,
                Route = route,
                FinishReason = "stop",
                PromptTokens = conversation.Sum(m => tokens.Count(request.Model, m.Content)),
                CompletionTokens = tokens.Count(request.Model, entry.Answer),
            };
            yield return last;
        }
        else
        {
            var modelRequest = request with { Messages = conversation };
            await foreach (var chunk in GrainFactory.GetGrain<IFallbackGrain>(request.Model).GenerateAsync(modelRequest, cancellationToken)
                               .WithCancellation(cancellationToken))
            {
                var shown = chunk;
                if (chunk.Route is not null)
                {
                    route = chunk.Route with { Similarity = match?.Similarity };
                    shown = chunk with { Route = route };
                }
                answer.Append(chunk.Text);
                last = shown;
                yield return shown;
            }
        }
        if (last?.FinishReason is "stop" or "length") RecordUsage(request, route, last);
        if (last?.FinishReason is "stop" or "length" && question is not null)
            await RememberAsync(request, session, question, hasContext, answer.ToString(), route!);
    }

    private IKnowledgeGrain KnowledgeGrain(CompletionRequest request)
    {
        var key = $"{request.TenantId}/{request.Model}";
        if (_knowledgeGrains.TryGetValue(key, out var grain)) return grain;
        if (_knowledgeGrains.Count >= MaxKnowledgeGrains) _knowledgeGrains.Clear();
        return _knowledgeGrains[key] = GrainFactory.GetGrain<IKnowledgeGrain>(key);
    }

    private async Task RememberAsync(CompletionRequest request, ISessionGrain? session, string question, bool hasContext,
        string answer, CompletionRoute route)
    {
        var record = new CompletionRecord
        {
            CompletionId = request.CompletionId,
            Model = request.Model,
            Question = question,
            Answer = answer,
            Route = route.Route,
            HadContext = hasContext,
            CreatedAt = clock.GetUtcNow(),
        };
        var writes = new List<Task>();
        // Only model answers are kept for feedback: they are what feedback can promote, and a record per
        // known answer would cost a grain activation on the platform's fastest path.
        if (route.Route == CompletionRoute.ModelRoute)
            writes.Add(GrainFactory.GetGrain<ICompletionGrain>($"{request.TenantId}/{request.CompletionId}").RecordAsync(record));
        if (session is not null)
            writes.Add(session.AppendAsync([.. request.Messages, new ChatTurn("assistant", answer)], request.Model, route.Worker));
        await Task.WhenAll(writes);
    }
}
