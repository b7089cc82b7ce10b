using DeepSeek.Grains.Cluster;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepSeek.Grains.Placement;

/// <summary>Copies the GPU directory into this silo's <see cref="GpuTableCache"/> every refresh interval, so placement never calls a grain.</summary>
public sealed class GpuTableRefresher(IGrainFactory grains, GpuTableCache cache, IOptions<GpuPlacementOptions> options,
    ILogger<GpuTableRefresher> log) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(GpuTableRefresher), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        try
        {
            do
            {
                try
                {
                    cache.Update(await grains.GetGrain<IGpuDirectoryGrain>(0).GetTableAsync().WaitAsync(stopping));
                }
                catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    // The old copy stays; its entries go stale on their own if the directory stays away.
                    log.LogDebug(e, "GPU directory refresh failed");
                }
            }
            while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
