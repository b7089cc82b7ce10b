using DeepSeek.Engine;
using DeepSeek.Tokenizers;

namespace DeepSeek.Grains.Models;

/// <summary>The models this silo can serve and the engines running them on its devices.</summary>
public interface IModelHost
{
    /// <summary>The model answered when a request names none (or names "default").</summary>
    string DefaultModel { get; }

    /// <summary>Every model id this silo knows.</summary>
    IReadOnlyList<ModelDescriptor> Models { get; }

    /// <summary>The model's tokenizer and chat format (cheap: no weights are loaded).</summary>
    bool TryGetModel(string id, out ModelDescriptor model);

    /// <summary>The engine for a model on a local device, loading the weights on first use (evicting idle models to make room).</summary>
    Task<IGenerationEngine> GetEngineAsync(string modelId, int deviceIndex, CancellationToken cancellationToken = default);

    /// <summary>Models whose weights are loaded on a device.</summary>
    IReadOnlyList<string> LoadedModels(int deviceIndex);

    /// <summary>Summed engine load on a device.</summary>
    EngineStatistics? Statistics(int deviceIndex);

    /// <summary>Bytes of model weights resident on a device.</summary>
    long UsedBytes(int deviceIndex) => 0;

    /// <summary>Sessions whose KV cache a device holds (a follow-up turn there skips their prefill).</summary>
    IReadOnlyCollection<string> CachedSessions(int deviceIndex) => [];

    /// <summary>Sequences a device decodes together (its batch slots).</summary>
    int BatchSlots(int deviceIndex) => 8;
}

/// <summary>What a silo knows about a model without loading its weights.</summary>
public sealed record ModelDescriptor(
    string Id,
    string Architecture,
    long Parameters,
    int ContextLength,
    ITokenizer Tokenizer,
    IChatTemplate ChatTemplate,
    DateTimeOffset CreatedAt)
{
    /// <summary>Estimated weight memory: parameters times bytes per parameter of the dtype it runs in.</summary>
    public long Bytes { get; init; }

    /// <summary>A model without weights, served only by simulated devices.</summary>
    public bool Simulated { get; init; }
}
