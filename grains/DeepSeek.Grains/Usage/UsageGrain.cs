using Orleans.Concurrency;

namespace DeepSeek.Grains.Usage;

/// <summary>Query side of the usage read model, on any silo that has the store.</summary>
[StatelessWorker]
public sealed class UsageGrain(IUsageStore store) : Grain, IUsageGrain
{
    public Task<IReadOnlyList<UsageRow>> QueryAsync(UsageQuery query) => store.QueryAsync(query);
}
