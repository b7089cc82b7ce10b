using System.Runtime.CompilerServices;
using DeepSeek.Engine;
using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Devices;
using DeepSeek.Grains.Models;
using DeepSeek.Tokenizers;
using Orleans.Concurrency;
using Orleans.Placement;

namespace DeepSeek.Grains.Inference;

/// <summary>
/// The worker of one local device: renders the conversation in the model's chat format, runs it on the
/// device's continuous-batching engine and streams the tokens. The engine runs on its own thread; this
/// grain only awaits it.
/// </summary>
[Reentrant]            // every concurrent generation on the device streams through this one activation
[PreferLocalPlacement] // the device belongs to the silo whose deep-learning grain asks for it
public sealed class GpuWorkerGrain(IModelHost host, IDeviceInventory devices, TimeProvider clock) : Grain, IGpuWorkerGrain
{
    private const int DefaultMaxTokens = 256;

    private int DeviceIndex => int.Parse(this.GetPrimaryKeyString().Split('/')[^1]);

    public Task<WorkerLoad> GetLoadAsync()
    {
        var stats = host.Statistics(DeviceIndex);
        return Task.FromResult(new WorkerLoad
        {
            Worker = this.GetPrimaryKeyString(),
            Kind = devices.Devices.FirstOrDefault(d => d.Index == DeviceIndex)?.Kind ?? "unknown",
            QueueDepth = stats?.QueueDepth ?? 0,
            ActiveSequences = stats?.ActiveSequences ?? 0,
            TokensPerSecond = stats?.TokensPerSecond ?? 0,
            LoadedModels = host.LoadedModels(DeviceIndex),
            ReportedAt = clock.GetUtcNow(),
        });
    }

    public async IAsyncEnumerable<CompletionChunk> GenerateAsync(CompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!host.TryGetModel(request.Model, out var model))
            throw PlatformException.NotFound($"The model '{request.Model}' does not exist.", "model_not_found", "model");
        var engine = await host.GetEngineAsync(model.Id, DeviceIndex, cancellationToken);
        var stream = Start(engine, model, request, cancellationToken);
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
            };
            first = false;
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
        };
        try
        {
            return engine.GenerateAsync(new GenerationRequest(prompt, options) { RequestId = request.CompletionId }, cancellationToken);
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
