using Orleans.Storage;

namespace DeepSeek.Grains;

/// <summary>
/// Wraps a grain storage provider so that a database outage surfaces as <see cref="PlatformException"/>
/// 503 <c>storage_unavailable</c>: the database driver's exceptions cannot cross silos, and a caller
/// needs "retry shortly", not the driver's details. Etag conflicts and every other error pass unchanged.
/// </summary>
public sealed class ServiceUnavailableGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(() => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(() => inner.ClearStateAsync(stateName, grainId, grainState));

    private static async Task Guard(Func<Task> operation)
    {
        try
        {
            await operation();
        }
        catch (Exception e) when (e is not InconsistentStateException && StorageFailures.IsStorageFailure(e))
        {
            throw StorageFailures.Unavailable();
        }
    }
}
