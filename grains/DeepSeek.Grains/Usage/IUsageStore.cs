using DeepSeek.Grains.Events;
using DeepSeek.Grains.Usage;

namespace DeepSeek.Grains.Usage;

/// <summary>Where the usage read model lives: written by the projector, read by <c>GET /v1/usage</c>.</summary>
public interface IUsageStore
{
    /// <summary>
    /// Adds the events not applied before (by event id) to the daily totals, atomically; returns how many
    /// were new. Replaying a batch changes nothing.
    /// </summary>
    Task<int> ApplyAsync(IReadOnlyList<InferenceCompleted> events, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<UsageRow>> QueryAsync(UsageQuery query, CancellationToken cancellationToken = default);
}
