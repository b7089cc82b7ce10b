using DeepSeek.Grains.Events;

namespace DeepSeek.Grains.Models;

/// <summary>The cluster-wide list of served models; each silo registers what it can serve at start-up.</summary>
public sealed class ModelCatalogGrain(
    [PersistentState("model-catalog", ProviderNames.Storage)] IPersistentState<ModelCatalogState> state,
    TimeProvider clock) : Grain, IModelCatalogGrain
{
    public async Task RegisterAsync(ModelCard card)
    {
        if (state.State.Models.TryGetValue(card.Id, out var known) && known == card) return;
        state.State.Models[card.Id] = card;
        await state.WriteStateAsync();
        await this.PublishAsync(EventStreams.Models, new ModelRegistered
        {
            TenantId = EventStreams.PlatformScope,
            Timestamp = clock.GetUtcNow(),
            Model = card.Id,
            OwnedBy = card.OwnedBy,
            ContextLength = card.ContextLength,
        });
    }

    public Task<IReadOnlyList<ModelCard>> ListAsync() =>
        Task.FromResult<IReadOnlyList<ModelCard>>(state.State.Models.Values.OrderBy(m => m.Id, StringComparer.Ordinal).ToList());

    public Task<ModelCard?> GetAsync(string id) => Task.FromResult(state.State.Models.GetValueOrDefault(id));
}
