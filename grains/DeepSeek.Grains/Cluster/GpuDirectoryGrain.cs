using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Placement;
using Microsoft.Extensions.Options;

namespace DeepSeek.Grains.Cluster;

/// <summary>
/// The cluster's table of device load reports. Volatile on purpose: workers report every second, so a
/// restarted directory is whole again a second later. It stamps each report with its own clock, and
/// drops a device that has not reported for <see cref="GpuPlacementOptions.DropAfter"/>.
/// </summary>
public sealed class GpuDirectoryGrain(IOptions<GpuPlacementOptions> options, TimeProvider clock) : Grain, IGpuDirectoryGrain
{
    private readonly Dictionary<string, (WorkerLoad Load, long ReceivedAt)> _devices = new(StringComparer.Ordinal);

    public Task ReportAsync(WorkerLoad load)
    {
        _devices[load.Worker] = (load, clock.GetTimestamp());
        return Task.CompletedTask;
    }

    public Task<GpuTable> GetTableAsync()
    {
        var now = clock.GetTimestamp();
        var entries = new List<GpuTableEntry>(_devices.Count);
        foreach (var (worker, (load, receivedAt)) in _devices)
        {
            var age = clock.GetElapsedTime(receivedAt, now);
            if (age > options.Value.DropAfter) _devices.Remove(worker);
            else entries.Add(new GpuTableEntry { Load = load, Age = age });
        }
        return Task.FromResult(new GpuTable { Devices = entries, StaleAfter = options.Value.StaleAfter });
    }
}
