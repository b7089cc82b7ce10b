using DeepSeek.Grains;
using DeepSeek.Grains.Models;

namespace DeepSeek.Client;

/// <summary>
/// The cluster's model list, refreshed every few seconds (as the HTTP gateway's cache is) so checking a
/// call's model costs no grain call; "default" names the configured default model.
/// </summary>
internal sealed class ModelResolver(IGrainFactory grains, string defaultModel, TimeProvider clock)
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);
    private volatile Snapshot? _snapshot;

    public async Task<IReadOnlyList<ModelCard>> ListAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || snapshot.Models.Count == 0 || clock.GetUtcNow() - snapshot.LoadedAt > Freshness)
        {
            var models = await grains.GetGrain<IModelCatalogGrain>("default").ListAsync().WaitAsync(cancellationToken);
            _snapshot = snapshot = new Snapshot(models, clock.GetUtcNow());
        }
        return snapshot.Models;
    }

    public async Task<ModelCard?> FindAsync(string? requested, CancellationToken cancellationToken)
    {
        var id = Resolve(requested);
        return (await ListAsync(cancellationToken)).FirstOrDefault(m => m.Id == id);
    }

    /// <summary>The card of a model id, or the same 404 the HTTP API answers for an unknown model.</summary>
    public async Task<ModelCard> RequireAsync(string? requested, CancellationToken cancellationToken)
    {
        var models = await ListAsync(cancellationToken);
        var id = Resolve(requested);
        return models.FirstOrDefault(m => m.Id == id)
            ?? throw PlatformException.NotFound(
                $"The model '{requested ?? id}' does not exist. Available: {string.Join(", ", models.Select(m => m.Id))}.",
                "model_not_found", "model");
    }

    private string Resolve(string? requested) => requested is null or "default" ? defaultModel : requested;

    private sealed record Snapshot(IReadOnlyList<ModelCard> Models, DateTimeOffset LoadedAt);
}
