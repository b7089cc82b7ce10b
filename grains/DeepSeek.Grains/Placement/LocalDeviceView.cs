using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Devices;
using DeepSeek.Grains.Models;

namespace DeepSeek.Grains.Placement;

/// <summary>This silo's devices from live engine state: the deep-learning grain chooses among them, the workers report them.</summary>
public sealed class LocalDeviceView(IDeviceInventory devices, IModelHost host, LocalDeviceLoad load, ILocalSiloDetails silo)
{
    public IDeviceInventory Inventory => devices;

    public SiloAddress Silo => silo.SiloAddress;

    /// <summary>Every local device as a placement candidate, never stale.</summary>
    public DeviceSet Snapshot() =>
        new(devices.Devices.Select(d => (Candidate(d), (IEnumerable<string>)host.CachedSessions(d.Index))));

    /// <summary>Estimated weight bytes of a model (0 when unknown: it fits anywhere).</summary>
    public long ModelBytes(string model) => host.TryGetModel(model, out var descriptor) ? descriptor.Bytes : 0;

    public WorkerLoad Report(int deviceIndex, DateTimeOffset now)
    {
        var device = devices.Devices.First(d => d.Index == deviceIndex);
        var stats = host.Statistics(deviceIndex);
        var active = stats?.ActiveSequences ?? 0;
        return new WorkerLoad
        {
            Worker = devices.WorkerKey(deviceIndex),
            Kind = device.Kind,
            // Requests waiting for their model to load are queued too.
            QueueDepth = Math.Max(stats?.QueueDepth ?? 0, load.InFlight(deviceIndex) - active),
            ActiveSequences = active,
            TokensPerSecond = stats?.TokensPerSecond ?? 0,
            LoadedModels = host.LoadedModels(deviceIndex),
            ReportedAt = now,
            Node = devices.NodeName,
            DeviceIndex = deviceIndex,
            Silo = silo.SiloAddress,
            MemoryBytes = device.MemoryBytes,
            FreeMemoryBytes = FreeBytes(device),
            TokensInFlight = stats?.TokensInFlight ?? 0,
            BatchSlots = host.BatchSlots(deviceIndex),
            Sessions = [.. host.CachedSessions(deviceIndex)],
        };
    }

    private DeviceCandidate Candidate(ComputeDeviceInfo device) => new()
    {
        Silo = silo.SiloAddress,
        Worker = devices.WorkerKey(device.Index),
        DeviceIndex = device.Index,
        MemoryBytes = device.MemoryBytes,
        FreeMemoryBytes = FreeBytes(device),
        LoadedModels = host.LoadedModels(device.Index).ToHashSet(StringComparer.Ordinal),
        Requests = load.InFlight(device.Index),
        BatchSlots = host.BatchSlots(device.Index),
    };

    private long FreeBytes(ComputeDeviceInfo device) => device.MemoryBytes <= 0 ? 0 : device.MemoryBytes - host.UsedBytes(device.Index);
}
