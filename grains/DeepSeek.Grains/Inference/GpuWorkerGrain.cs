using System.Runtime.CompilerServices;
using DeepSeek.Engine;
using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Cluster;
using DeepSeek.Grains.Models;
using DeepSeek.Grains.Placement;
using DeepSeek.Tokenizers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace DeepSeek.Grains.Inference;

/// <summary>
/// The worker of one local device: renders the conversation in the model's chat format, runs it on the
/// device's engine (loading the model on demand, evicting the least recently used idle one when memory
/// is short) and streams the tokens. Reports its load to the GPU directory every report interval from
/// activation on. The engine runs on its own thread; this grain only awaits it.
/// </summary>
[Reentrant]             // every concurrent generation on the device streams through this one activation
[DevicePinnedPlacement] // the device belongs to one silo: the worker lives there or nowhere
public sealed class GpuWorkerGrain(IModelHost host, LocalDeviceView local, IOptions<GpuPlacementOptions> options, TimeProvider clock,
    ILogger<GpuWorkerGrain> log) : Grain, IGpuWorkerGrain
{
    private const int DefaultMaxTokens = 256;

    private int _device;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        if (slash < 0 || key[..slash] != local.Inventory.NodeName || !int.TryParse(key[(slash + 1)..], out _device)
            || local.Inventory.Devices.All(d => d.Index != _device))
        {
            throw PlatformException.Unavailable($"Worker '{key}' names no device of node '{local.Inventory.NodeName}'.", "no_worker", 5);
        }
        this.RegisterGrainTimer(ReportAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = options.Value.ReportInterval,
            Interleave = true,
            KeepAlive = true, // a worker must keep reporting even when no request comes
        });
        return Task.CompletedTask;
    }

    public Task PingAsync() => Task.CompletedTask;

    public Task<WorkerLoad> GetLoadAsync() => Task.FromResult(local.Report(_device, clock.GetUtcNow()));

    private async Task ReportAsync(CancellationToken cancellationToken)
    {
        try
        {
            await GrainFactory.GetGrain<IGpuDirectoryGrain>(0).ReportAsync(local.Report(_device, clock.GetUtcNow()));
        }
        catch (Exception e)
        {
            log.LogDebug(e, "Load report of {Worker} failed", this.GetPrimaryKeyString());
        }
    }

    public async IAsyncEnumerable<CompletionChunk> GenerateAsync(CompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!host.TryGetModel(request.Model, out var model))
            throw PlatformException.NotFound($"The model '{request.Model}' does not exist.", "model_not_found", "model");
        var stream = await StartAsync(model, request, cancellationToken);
        var first = true;
        await foreach (var chunk in stream.WithCancellation(cancellationToken))
        {
            yield return new CompletionChunk
            {
                Text = chunk.Text,
                Route = first ? new CompletionRoute { Route = CompletionRoute.ModelRoute, Worker = this.GetPrimaryKeyString() } : null,
                FinishReason = chunk.FinishReason?.ToString().ToLowerInvariant(),
                PromptTokens = chunk.Usage?.PromptTokens,
                CompletionTokens = chunk.Usage?.CompletionTokens,
                CachedPromptTokens = chunk.Usage?.CachedPromptTokens,
            };
            first = false;
        }
    }

    private async Task<IAsyncEnumerable<GenerationChunk>> StartAsync(ModelDescriptor model, CompletionRequest request, CancellationToken cancellationToken)
    {
        var engine = await host.GetEngineAsync(model.Id, _device, cancellationToken);
        try
        {
            return Start(engine, model, request, cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            // The model was evicted between the lookup and the start (it was idle): load it again.
            engine = await host.GetEngineAsync(model.Id, _device, cancellationToken);
            return Start(engine, model, request, cancellationToken);
        }
    }

    /// <summary>Admits the request; the engine's synchronous validation errors become client errors here.</summary>
    private static IAsyncEnumerable<GenerationChunk> Start(IGenerationEngine engine, ModelDescriptor model, CompletionRequest request, CancellationToken cancellationToken)
    {
        var messages = request.Messages.Select(m => new ChatMessage(m.Role, m.Content)).ToList();
        var prompt = model.Tokenizer.Encode(model.ChatTemplate.Render(messages, addGenerationPrompt: true));
        var sampling = request.Sampling;
        var room = engine.MaxSequenceLength - prompt.Count;
        if (room < 1)
        {
            throw PlatformException.InvalidRequest(
                $"This model's context is {engine.MaxSequenceLength} tokens; the messages take {prompt.Count}. Shorten them.",
                "messages", "context_length_exceeded");
        }
        var vocabulary = model.Tokenizer.VocabularySize;
        if (sampling.LogitBias.Keys.FirstOrDefault(t => t >= vocabulary, -1) is var unknown and >= 0)
        {
            throw PlatformException.InvalidRequest(
                $"'logit_bias' names token {unknown}, but this model's vocabulary has {vocabulary} tokens.", "logit_bias");
        }
        var stopIds = model.ChatTemplate.StopSequences
            .Select(s => model.Tokenizer.TokenToId(s)).OfType<int>().ToArray();
        var options = new SamplingOptions
        {
            Temperature = sampling.Temperature ?? 1.0,
            TopP = sampling.TopP ?? 1.0,
            MaxTokens = Math.Min(sampling.MaxTokens ?? DefaultMaxTokens, room),
            Stop = [.. sampling.Stop, .. model.ChatTemplate.StopSequences.Where(s => model.Tokenizer.TokenToId(s) is null)],
            StopTokenIds = stopIds,
            Seed = sampling.Seed,
            FrequencyPenalty = sampling.FrequencyPenalty ?? 0,
            PresencePenalty = sampling.PresencePenalty ?? 0,
            LogitBias = sampling.LogitBias,
        };
        try
        {
            return engine.GenerateAsync(new GenerationRequest(prompt, options)
            {
                RequestId = request.CompletionId,
                PrefixKey = request.SessionId is { } session ? PlacementKeys.SessionKey(request.TenantId, session) : null,
            }, cancellationToken);
        }
        catch (EngineOverloadedException e)
        {
            throw PlatformException.Unavailable(e.Message, "engine_overloaded", 2);
        }
        catch (ArgumentException e)
        {
            throw PlatformException.InvalidRequest(e.Message, e.ParamName?.ToLowerInvariant());
        }
    }
}
