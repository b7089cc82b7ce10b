using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Devices;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Grains.Placement;

/// <summary>
/// Activates this silo's workers when the silo becomes active, so every device reports its load before
/// the first request needs it (a worker nobody has called would otherwise be invisible to placement).
/// </summary>
public sealed class GpuWorkerStartup(IGrainFactory grains, IDeviceInventory devices, ILogger<GpuWorkerStartup> log)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(GpuWorkerStartup), ServiceLifecycleStage.Active, StartAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Patience;
        foreach (var device in devices.Devices)
        {
            var key = devices.WorkerKey(device.Index);
            while (true)
            {
                try
                {
                    await grains.GetGrain<IGpuWorkerGrain>(key).PingAsync().WaitAsync(cancellationToken);
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException && DateTime.UtcNow < deadline)
                {
                    log.LogWarning(e, "Worker {Worker} did not start yet; retrying", key);
                    await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
                }
            }
        }
        log.LogInformation("Started {Count} GPU worker(s) on node {Node}", devices.Devices.Count, devices.NodeName);
    }
}
