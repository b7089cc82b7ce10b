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

    /// <summary>Events per published batch; a tenant with this many pending publishes before the timer.</summary>
    internal const int PublishBatchSize = 256;

    // Publishes in flight by tenant, and the tenants whose last publish failed (retried by the timer only).
    private readonly Dictionary<string, Task> _publishing = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);
    // Token charges in flight by tenant.
    private readonly Dictionary<string, Task> _charging = new(StringComparer.Ordinal);

    // GetGrain resolves the interface's grain type by reflection on every call; references are reusable.
    // One per tenant and model this silo answered; cleared if it ever grows past the bound.
    private const int MaxKnowledgeGrains = 10_000;
    private readonly Dictionary<(string Tenant, string Model), IKnowledgeGrain> _knowledgeGrains = [];
    private IGrainTimer? _flushTimer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _flushTimer = this.RegisterGrainTimer(OnFlushTimer, new GrainTimerCreationOptions(FlushInterval, FlushInterval) { Interleave = true });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _flushTimer?.Dispose();
        // Charges and events recorded while a tenant's call was in flight wait for it; then everything goes out.
        await Task.WhenAll([.. _publishing.Values, .. _charging.Values]);
        FlushCharges();
        await Task.WhenAll([.. _charging.Values, FlushEventsAsync()]);
    }

    // The timer never waits for the calls it starts (a tick waits for its callback): a tenant grain or a
    // stream partition that is slow to answer must not hold back the other tenants' flushes.
    private Task OnFlushTimer()
    {
        FlushCharges();
        _ = FlushEventsAsync(); // every publish handles its own failures
        return Task.CompletedTask;
    }

    /// <summary>Sends each tenant its pending token charge, one call per tenant in flight at a time.</summary>
    private void FlushCharges()
    {
        if (_pendingCharges.Count == 0) return;
        foreach (var (tenant, tokens) in _pendingCharges.ToList())
        {
            // A tenant whose last charge is still in flight keeps accumulating until the next tick.
            if (_charging.ContainsKey(tenant)) continue;
            _pendingCharges.Remove(tenant);
            var charging = ChargeAsync(tenant, tokens);
            if (!charging.IsCompleted) _charging[tenant] = charging;
        }
    }

    private async Task ChargeAsync(string tenant, int tokens)
    {
        try
        {
            await GrainFactory.GetGrain<ITenantGrain>(tenant).ChargeTokensAsync(tokens);
        }
        catch (Exception e)
        {
            // Not retried: the charge feeds the tenant's per-minute limit, and a late one would count against a later minute.
            logger.LogWarning(e, "Charging {Tokens} token(s) to tenant {Tenant} failed; they are not counted against its limit.", tokens, tenant);
        }
        finally
        {
            _charging.Remove(tenant);
        }
    }

    private Task FlushEventsAsync() =>
        _pendingEvents.Count == 0 ? Task.CompletedTask : Task.WhenAll(_pendingEvents.Keys.ToList().Select(PublishEventsAsync));

    /// <summary>
    /// Publishes a tenant's pending events, at most <see cref="PublishBatchSize"/> per batch (larger batches
    /// land on the large-object heap twice over, as the stream serializes and copies them). On failure they
    /// are kept, ahead of newer events, for the next flush: usage is not lost while the stream is down.
    /// </summary>
    private Task PublishEventsAsync(string tenant)
    {
        // One publish per tenant at a time: events recorded meanwhile go out with the next one, in order.
        if (_publishing.ContainsKey(tenant) || !_pendingEvents.Remove(tenant, out var pending)) return Task.CompletedTask;
        var publishing = PublishAsync(tenant, pending);
        if (!publishing.IsCompleted) _publishing[tenant] = publishing;
        return publishing;
    }

    private async Task PublishAsync(string tenant, List<PlatformEvent> pending)
    {
        var published = 0;
        try
        {
            for (; published < pending.Count; published += PublishBatchSize)
            {
                var batch = pending.GetRange(published, Math.Min(PublishBatchSize, pending.Count - published));
                await this.PublishBatchAsync(EventStreams.Inference, tenant, batch);
                GrainMetrics.EventsPublished.Add(batch.Count);
                if (logger.IsEnabled(LogLevel.Debug)) logger.LogDebug("Published {Count} inference event(s) of tenant {Tenant}.", batch.Count, tenant);
            }
            _failing.Remove(tenant);
        }
        catch (Exception e)
        {
            GrainMetrics.EventPublishFailures.Add(1);
            _failing.Add(tenant);
            var unpublished = pending.GetRange(published, pending.Count - published);
            logger.LogWarning(e, "Publishing {Count} inference event(s) of tenant {Tenant} failed; retrying with the next flush.",
                unpublished.Count, tenant);
            var retry = _pendingEvents.TryGetValue(tenant, out var newer) ? [.. unpublished, .. newer] : unpublished;
            if (retry.Count > MaxPendingEventsPerTenant)
            {
                logger.LogError("Dropping {Count} inference event(s) of tenant {Tenant}: the stream has been unavailable too long.",
                    retry.Count - MaxPendingEventsPerTenant, tenant);
                retry.RemoveRange(0, retry.Count - MaxPendingEventsPerTenant);
            }
            _pendingEvents[tenant] = retry;
        }
        finally
        {
            _publishing.Remove(tenant);
        }
    }

    private void RecordUsage(CompletionRequest request, CompletionRoute? route, string? finishReason, int promptTokens, int completionTokens)
    {
        _pendingCharges[request.TenantId] = _pendingCharges.GetValueOrDefault(request.TenantId) + completionTokens;
        if (!_pendingEvents.TryGetValue(request.TenantId, out var events)) _pendingEvents[request.TenantId] = events = [];
        events.Add(new InferenceCompleted
        {
            TenantId = request.TenantId,
            Timestamp = clock.GetUtcNow(),
            CompletionId = request.CompletionId,
            Model = request.Model,
            Route = route?.Route ?? CompletionRoute.ModelRoute,
            PromptTokens = promptTokens,
            CompletionTokens = completionTokens,
            FinishReason = finishReason,
            Worker = route?.Worker,
            SessionId = request.SessionId,
        });
        // A full batch goes out now (unless one is in flight, or the stream is failing and the timer retries).
        if (events.Count >= PublishBatchSize && !_failing.Contains(request.TenantId))
            _ = PublishEventsAsync(request.TenantId); // handles its own failures
    }

    /// <summary>The conversation to answer (session history first) and the knowledge base's verdict on its last user turn.</summary>
    private sealed record Turn(ISessionGrain? Session, IReadOnlyList<ChatTurn> Conversation, string? Question, bool HasContext, KnowledgeMatch? Match);

    private async Task<Turn> BeginAsync(CompletionRequest request, CancellationToken cancellationToken)
    {
        var session = request.SessionId is null ? null : GrainFactory.GetGrain<ISessionGrain>($"{request.TenantId}/{request.SessionId}");
        var history = session is null ? [] : (await session.GetAsync())?.Turns ?? [];
        IReadOnlyList<ChatTurn> conversation = history.Count == 0 ? request.Messages : [.. history, .. request.Messages];
        string? question = null;
        var turns = 0;
        for (var i = conversation.Count - 1; i >= 0; i--)
        {
            var role = conversation[i].Role;
            if (role == "user") question ??= conversation[i].Content;
            if (role is "user" or "assistant") turns++;
        }
        // Earlier user or assistant turns make this a conversation in context; a system prompt alone does not.
        var hasContext = turns > 1;
        KnowledgeMatch? match = null;
        if (question is not null && !request.ModelOnly)
            match = await KnowledgeGrain(request).LookupAsync(question, hasContext, cancellationToken);
        return new Turn(session, conversation, question, hasContext, match);
    }

    private int PromptTokens(string model, IReadOnlyList<ChatTurn> conversation)
    {
        var total = 0;
        foreach (var turn in conversation) total += tokens.Count(model, turn.Content);
        return total;
    }

    public async Task<CompletionResult> CompleteBufferedAsync(CompletionRequest request, CancellationToken cancellationToken = default)
    {
        var turn = await BeginAsync(request, cancellationToken);
        // A known answer: one result, without the streaming machinery.
        if (turn.Match?.Entry is { } entry) return await AnswerKnownAsync(request, turn, entry);
        var text = new StringBuilder();
        CompletionRoute? modelRoute = null;
        CompletionChunk? last = null;
        await foreach (var chunk in GenerateAsync(request, turn, cancellationToken))
        {
            modelRoute ??= chunk.Route;
            text.Append(chunk.Text);
            last = chunk;
        }
        return new CompletionResult
        {
            Text = text.ToString(),
            Route = modelRoute ?? new CompletionRoute { Route = CompletionRoute.ModelRoute },
            FinishReason = last?.FinishReason ?? "stop",
            PromptTokens = last?.PromptTokens ?? 0,
            CompletionTokens = last?.CompletionTokens ?? 0,
        };
    }

    public async IAsyncEnumerable<CompletionChunk> CompleteAsync(CompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var turn = await BeginAsync(request, cancellationToken);
        if (turn.Match?.Entry is { } entry)
        {
            var known = await AnswerKnownAsync(request, turn, entry);
            yield return new CompletionChunk
            {
                Text = known.Text,
                Route = known.Route,
                FinishReason = known.FinishReason,
                PromptTokens = known.PromptTokens,
                CompletionTokens = known.CompletionTokens,
            };
            yield break;
        }
        await foreach (var chunk in GenerateAsync(request, turn, cancellationToken)) yield return chunk;
    }

    /// <summary>Answers from a knowledge entry: usage recorded and the turn remembered before the answer is returned.</summary>
    private async Task<CompletionResult> AnswerKnownAsync(CompletionRequest request, Turn turn, KnowledgeEntry entry)
    {
        var route = new CompletionRoute { Route = CompletionRoute.Knowledge, Similarity = turn.Match?.Similarity, KnowledgeEntryId = entry.Id };
        var result = new CompletionResult
        {
            Text = entry.Answer,
            Route = route,
            FinishReason = "stop",
            PromptTokens = PromptTokens(request.Model, turn.Conversation),
            CompletionTokens = tokens.Count(request.Model, entry.Answer),
        };
        RecordUsage(request, route, result.FinishReason, result.PromptTokens, result.CompletionTokens);
        await RememberAsync(request, turn, entry.Answer, route);
        return result;
    }

    /// <summary>The fallback's model answer, streamed; once complete, usage is recorded and the turn remembered.</summary>
    private async IAsyncEnumerable<CompletionChunk> GenerateAsync(CompletionRequest request, Turn turn,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var answer = new StringBuilder();
        CompletionRoute? route = null;
        CompletionChunk? last = null;
        var modelRequest = request with { Messages = turn.Conversation };
        await foreach (var chunk in GrainFactory.GetGrain<IFallbackGrain>(request.Model).GenerateAsync(modelRequest, cancellationToken)
                           .WithCancellation(cancellationToken))
        {
            var shown = chunk;
            if (chunk.Route is not null)
            {
                route = chunk.Route with { Similarity = turn.Match?.Similarity };
                shown = chunk with { Route = route };
            }
            answer.Append(chunk.Text);
            last = shown;
            yield return shown;
        }
        if (last?.FinishReason is "stop" or "length")
        {
            RecordUsage(request, route, last.FinishReason, last.PromptTokens ?? 0, last.CompletionTokens ?? 0);
            await RememberAsync(request, turn, answer.ToString(), route ?? new CompletionRoute { Route = CompletionRoute.ModelRoute });
        }
    }

    private IKnowledgeGrain KnowledgeGrain(CompletionRequest request)
    {
        var key = (request.TenantId, request.Model);
        if (_knowledgeGrains.TryGetValue(key, out var grain)) return grain;
        if (_knowledgeGrains.Count >= MaxKnowledgeGrains) _knowledgeGrains.Clear();
        return _knowledgeGrains[key] = GrainFactory.GetGrain<IKnowledgeGrain>($"{request.TenantId}/{request.Model}");
    }

    private async Task RememberAsync(CompletionRequest request, Turn turn, string answer, CompletionRoute route)
    {
        // Only model answers are kept for feedback: they are what feedback can promote, and a record per
        // known answer would cost a grain activation on the platform's fastest path.
        var keep = route.Route == CompletionRoute.ModelRoute;
        if (turn.Question is not { } question || (!keep && turn.Session is null)) return;
        var record = new CompletionRecord
        {
            CompletionId = request.CompletionId,
            Model = request.Model,
            Question = question,
            Answer = answer,
            Route = route.Route,
            HadContext = turn.HasContext,
            CreatedAt = clock.GetUtcNow(),
        };
        var session = turn.Session;
        var writes = new List<Task>();
        if (keep)
            writes.Add(GrainFactory.GetGrain<ICompletionGrain>($"{request.TenantId}/{request.CompletionId}").RecordAsync(record));
        if (session is not null)
            writes.Add(session.AppendAsync([.. request.Messages, new ChatTurn("assistant", answer)], request.Model, route.Worker));
        await Task.WhenAll(writes);
    }
}
