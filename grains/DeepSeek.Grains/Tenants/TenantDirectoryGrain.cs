namespace DeepSeek.Grains.Tenants;

/// <summary>The list of tenants, for administrators.</summary>
public sealed class TenantDirectoryGrain(
    [PersistentState("tenant-directory", ProviderNames.Storage)] IPersistentState<TenantDirectoryState> state) : Grain, ITenantDirectoryGrain
{
    public async Task RegisterAsync(string tenantId)
    {
        if (state.State.TenantIds.Add(tenantId)) await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.TenantIds.ToList());
}
