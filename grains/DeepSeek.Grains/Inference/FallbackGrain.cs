using System.Runtime.CompilerServices;
using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Cluster;
using DeepSeek.Grains.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace DeepSeek.Grains.Inference;

/// <summary>
/// The fallback for questions the knowledge base cannot answer: hands them to deep learning with a
/// first-token and an inter-token timeout, and opens a circuit breaker after repeated failures so an
/// ailing model path fails fast with 503 while known answers keep flowing.
/// </summary>
[StatelessWorker(1)] // no durable state; one breaker per silo, and a stream's later calls must find its enumerator
[Reentrant]          // many streams pass through at once; each only awaits the one below it
public sealed class FallbackGrain(IOptions<InferenceOptions> options, IModelHost models, TimeProvider clock, ILogger<FallbackGrain> log)
    : Grain, IFallbackGrain
{
    private readonly CircuitBreaker _breaker = new(options.Value.BreakerFailureThreshold, options.Value.BreakerOpenDuration, clock);

    public Task<string> GetBreakerStateAsync() => Task.FromResult(_breaker.State);

    public async IAsyncEnumerable<CompletionChunk> GenerateAsync(CompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!_breaker.TryEnter(out var retryAfter))
        {
            throw PlatformException.Unavailable(
                "The model service is failing and temporarily disabled; known answers are still served. Retry later.",
                "model_unavailable", (int)Math.Ceiling(retryAfter.TotalSeconds));
        }
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stream = DeepLearning(request).GenerateAsync(request, attempt.Token);
        var enumerator = stream.GetAsyncEnumerator(attempt.Token);
        var settled = false;
        try
        {
            var timeout = options.Value.FirstTokenTimeout;
            while (true)
            {
                var step = await NextAsync(enumerator, timeout, attempt, cancellationToken);
                if (step.Error is { } error)
                {
                    settled = true;
                    throw Settle(error, cancellationToken);
                }
                if (!step.HasChunk) break;
                timeout = options.Value.TokenTimeout;
                yield return step.Chunk!;
            }
            settled = true;
            _breaker.Success();
        }
        finally
        {
            if (!settled) _breaker.Abandon();
            await enumerator.DisposeAsync();
        }
    }

    /// <summary>
    /// The session's deep-learning grain (one per request without a session), with what its placement
    /// needs in the request context: the session whose KV cache may be warm somewhere, and the model.
    /// </summary>
    private IDeepLearningGrain DeepLearning(CompletionRequest request)
    {
        var session = request.SessionId is { } id ? PlacementKeys.SessionKey(request.TenantId, id) : null;
        if (session is not null) RequestContext.Set(PlacementKeys.Session, session);
        RequestContext.Set(PlacementKeys.Model, request.Model);
        RequestContext.Set(PlacementKeys.ModelBytes, models.TryGetModel(request.Model, out var model) ? model.Bytes : 0L);
        return GrainFactory.GetGrain<IDeepLearningGrain>(session ?? request.CompletionId);
    }

    private static async Task<Step> NextAsync(IAsyncEnumerator<CompletionChunk> enumerator, TimeSpan timeout,
        CancellationTokenSource attempt, CancellationToken caller)
    {
        try
        {
            return await enumerator.MoveNextAsync().AsTask().WaitAsync(timeout, caller)
                ? new Step(true, enumerator.Current, null)
                : new Step(false, null, null);
        }
        catch (TimeoutException e)
        {
            await attempt.CancelAsync(); // stop the generation nobody will read
            return new Step(false, null, e);
        }
        catch (Exception e)
        {
            return new Step(false, null, e);
        }
    }

    /// <summary>Records the attempt's outcome with the breaker and turns the error into one the caller can read.</summary>
    private Exception Settle(Exception error, CancellationToken caller)
    {
        switch (error)
        {
            case OperationCanceledException when caller.IsCancellationRequested:
                _breaker.Abandon();
                return error;
            case PlatformException { Status: < 500 } clientError:
                _breaker.Abandon(); // the request was wrong, not the model
                return clientError;
            case PlatformException { Code: "engine_overloaded" } overloaded:
                _breaker.Abandon(); // busy is not broken
                return overloaded;
            case TimeoutException:
                _breaker.Failure();
                log.LogWarning("Model path timed out for {Model}; breaker {State}", this.GetPrimaryKeyString(), _breaker.State);
                return PlatformException.Unavailable("The model did not answer in time.", "model_timeout", 5);
            default:
                _breaker.Failure();
                log.LogWarning(error, "Model path failed for {Model}; breaker {State}", this.GetPrimaryKeyString(), _breaker.State);
                return error as PlatformException ?? PlatformException.Unavailable("The model service failed to answer.", "model_error", 5);
        }
    }

    private sealed record Step(bool HasChunk, CompletionChunk? Chunk, Exception? Error);
}
