using DeepSeek.Grains.Placement;
using Orleans.Concurrency;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace DeepSeek.Grains.Cluster;

/// <summary>The silos as membership knows them, with the roles and devices their metadata advertises.</summary>
[StatelessWorker] // a read-only view every silo can assemble; no need to route to one place
public sealed class ClusterInfoGrain(ISiloMetadataCache? metadata = null) : Grain, IClusterInfoGrain
{
    public async Task<IReadOnlyList<SiloInfo>> GetSilosAsync()
    {
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        return hosts.OrderBy(h => h.SiloName, StringComparer.Ordinal).Select(h =>
        {
            var data = metadata?.GetSiloMetadata(h.SiloAddress).Metadata;
            return new SiloInfo
            {
                Address = h.SiloAddress.ToParsableString(),
                Name = h.SiloName,
                Status = StatusName(h.Status),
                Roles = data?.GetValueOrDefault(SiloMetadataKeys.Roles)?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [],
                Node = data?.GetValueOrDefault(SiloMetadataKeys.Node),
                Devices = SiloMetadataKeys.ParseDevices(data?.GetValueOrDefault(SiloMetadataKeys.Devices)).Count,
            };
        }).ToList();
    }

    private static string StatusName(SiloStatus status) => status switch
    {
        SiloStatus.Active => "active",
        SiloStatus.Joining or SiloStatus.Created => "joining",
        SiloStatus.ShuttingDown or SiloStatus.Stopping => "shutting_down",
        SiloStatus.Dead => "dead",
        _ => status.ToString().ToLowerInvariant(),
    };
}
