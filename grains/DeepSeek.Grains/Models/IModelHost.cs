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

    /// <summary>The engine for a model on a local device, loading the weights on first use.</summary>
    Task<IGenerationEngine> GetEngineAsync(string modelId, int deviceIndex, CancellationToken cancellationToken = default);

    /// <summary>Models whose weights are loaded on a device.</summary>
    IReadOnlyList<string> LoadedModels(int deviceIndex);

    /// <summary>Summed engine load on a device.</summary>
    EngineStatistics? Statistics(int deviceIndex);
}

/// <summary>What a silo knows about a model without loading its weights.</summary>
public sealed record ModelDescriptor(
    string Id,
    string Architecture,
    long Parameters,
    int ContextLength,
    ITokenizer Tokenizer,
    IChatTemplate ChatTemplate,
    DateTimeOffset CreatedAt);
