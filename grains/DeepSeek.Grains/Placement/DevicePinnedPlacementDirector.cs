using DeepSeek.Grains.Devices;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace DeepSeek.Grains.Placement;

/// <summary>
/// Places a worker (key <c>node/device</c>) on the silo whose metadata names that node: a device has
/// exactly one home. A node that is not in the cluster is an error, not a silent move elsewhere.
/// </summary>
public sealed class DevicePinnedPlacementDirector(IDeviceInventory devices, ISiloMetadataCache? metadata = null) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        var slash = key.LastIndexOf('/');
        var node = slash > 0 ? key[..slash] : key;
        var silos = context.GetCompatibleSilos(target);
        if (node == devices.NodeName && silos.Contains(context.LocalSilo)) return Task.FromResult(context.LocalSilo);
        foreach (var silo in silos)
        {
            if (metadata?.GetSiloMetadata(silo).Metadata.GetValueOrDefault(SiloMetadataKeys.Node) == node) return Task.FromResult(silo);
        }
        throw PlatformException.Unavailable($"GPU node '{node}' is not in the cluster (no silo of the ai role owns it).", "gpu_node_unavailable", 5);
    }
}
