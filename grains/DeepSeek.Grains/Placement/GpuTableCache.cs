using DeepSeek.Grains.Cluster;

namespace DeepSeek.Grains.Placement;

/// <summary>
/// This silo's copy of the GPU directory, refreshed by <see cref="GpuTableRefresher"/>. Each device's
/// view stays fresh until its report reaches the directory's staleness age, counted on this silo's
/// clock from the age the directory gave it.
/// </summary>
public sealed class GpuTableCache(TimeProvider clock) : IDeviceTable
{
    private DeviceSet _current = DeviceSet.Empty;

    public DeviceSet Current => Volatile.Read(ref _current);

    public void Update(GpuTable table)
    {
        var now = clock.GetTimestamp();
        var devices = table.Devices.Where(e => e.Load.Silo is not null).Select(e => (new DeviceCandidate
        {
            Silo = e.Load.Silo!,
            Worker = e.Load.Worker,
            DeviceIndex = e.Load.DeviceIndex,
            MemoryBytes = e.Load.MemoryBytes,
            FreeMemoryBytes = e.Load.FreeMemoryBytes,
            LoadedModels = e.Load.LoadedModels.ToHashSet(StringComparer.Ordinal),
            Requests = e.Load.QueueDepth + e.Load.ActiveSequences,
            BatchSlots = Math.Max(1, e.Load.BatchSlots),
            FreshUntil = now + (long)((table.StaleAfter - e.Age).TotalSeconds * clock.TimestampFrequency),
        }, (IEnumerable<string>)e.Load.Sessions));
        Volatile.Write(ref _current, new DeviceSet(devices));
    }
}
