using System.Collections.Concurrent;
using DeepSeek.Grains;
using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Models;
using Microsoft.Extensions.Options;

namespace DeepSeek.Api;

/// <summary>
/// The cluster's model list as the gateway sees it, refreshed every few seconds so validating a
/// request's model costs no grain call.
/// </summary>
public sealed class ModelCatalogCache(IGrainFactory grains, IOptions<ApiOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);
    private IReadOnlyList<ModelCard> _models = [];
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    // GetGrain resolves the interface's grain type by reflection on every call; a reference is reusable.
    private readonly ConcurrentDictionary<string, IInferenceGrain> _inference = new(StringComparer.Ordinal);

    /// <summary>The inference grain of a model this catalog resolved.</summary>
    public IInferenceGrain InferenceGrain(string modelId) => _inference.GetOrAdd(modelId, id => grains.GetGrain<IInferenceGrain>(id));

    public async Task<IReadOnlyList<ModelCard>> ListAsync()
    {
        if (clock.GetUtcNow() - _loadedAt > Freshness || _models.Count == 0)
        {
            _models = await grains.GetGrain<IModelCatalogGrain>("default").ListAsync();
            _loadedAt = clock.GetUtcNow();
        }
        return _models;
    }

    /// <summary>The card of a model id ("default" names the configured default), or a 404.</summary>
    public async Task<ModelCard> ResolveAsync(string requested)
    {
        var id = requested == "default" ? options.Value.DefaultModel : requested;
        var models = await ListAsync();
        return models.FirstOrDefault(m => m.Id == id)
            ?? throw PlatformException.NotFound(
                $"The model '{requested}' does not exist. Available: {string.Join(", ", models.Select(m => m.Id))}.",
                "model_not_found", "model");
    }
}
