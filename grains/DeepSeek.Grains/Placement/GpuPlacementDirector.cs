using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace DeepSeek.Grains.Placement;

/// <summary>
/// Places deep-learning grains on the silo of the device the policy picks from this silo's copy of the
/// GPU directory (<see cref="IDeviceTable"/>), reading the session and model the caller put in the
/// request context. It never calls a grain: a decision is a few lookups. A placement hint (a session
/// moving off an overloaded device) wins; with no fresh report at all it picks a random compatible silo
/// whose advertised devices can hold the model.
/// </summary>
public sealed class GpuPlacementDirector(IDeviceTable table, IDevicePolicy policy, TimeProvider clock, ISiloMetadataCache? metadata = null)
    : IPlacementDirector
{
    private CompatibleSilos _compatible = new([], new HashSet<SiloAddress>());

    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (silos.Length == 0) throw PlatformException.Unavailable("No silo of the ai role is in the cluster.", "no_worker", 5);
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, silos) is { } hint) return Task.FromResult(hint);
        var demand = DeviceDemand.From(target.RequestContextData);
        var filter = new DeviceFilter(clock.GetTimestamp(), demand.ModelBytes, Compatible(silos));
        if (policy.Choose(table.Current, demand, filter) is { } device)
        {
            device.AddPlaced();
            return Task.FromResult(device.Silo);
        }
        return Task.FromResult(Fallback(silos, demand.ModelBytes));
    }

    private SiloAddress Fallback(SiloAddress[] silos, long modelBytes)
    {
        var fitting = metadata is null ? [] : silos.Where(s => SiloMetadataKeys
            .ParseDevices(metadata.GetSiloMetadata(s).Metadata.GetValueOrDefault(SiloMetadataKeys.Devices))
            .Any(d => d.MemoryBytes <= 0 || d.MemoryBytes >= modelBytes)).ToArray();
        var pool = fitting.Length > 0 ? fitting : silos;
        return pool[Random.Shared.Next(pool.Length)];
    }

    /// <summary>The compatible silos as a set, rebuilt only when membership changes.</summary>
    private HashSet<SiloAddress> Compatible(SiloAddress[] silos)
    {
        var cached = Volatile.Read(ref _compatible);
        if (ReferenceEquals(cached.Silos, silos) || cached.Silos.AsSpan().SequenceEqual(silos)) return cached.Set;
        var fresh = new CompatibleSilos(silos, [.. silos]);
        Volatile.Write(ref _compatible, fresh);
        return fresh.Set;
    }

    private sealed record CompatibleSilos(SiloAddress[] Silos, HashSet<SiloAddress> Set);
}
