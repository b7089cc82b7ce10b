using DeepSeek.Grains.Devices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace DeepSeek.Grains.Placement;

/// <summary>Registration of GPU workers, their load directory and the GPU-aware placement on a silo.</summary>
public static class GpuPlacementHosting
{
    /// <summary>
    /// Adds the placement directors, this silo's directory cache and, when the silo hosts workers, their
    /// start-up; publishes node, roles and devices as silo metadata. Needs <c>AddDeepSeekGrainServices</c>.
    /// </summary>
    public static ISiloBuilder AddGpuPlacement(this ISiloBuilder silo, IConfiguration configuration, IReadOnlyCollection<string> roles, bool hostsWorkers)
    {
        var services = silo.Services;
        services.Configure<GpuPlacementOptions>(configuration.GetSection("DeepSeek:Placement"));
        services.TryAddSingleton<LocalDeviceLoad>();
        services.TryAddSingleton<LocalDeviceView>();
        services.TryAddSingleton<GpuTableCache>();
        services.TryAddSingleton<IDeviceTable>(sp => sp.GetRequiredService<GpuTableCache>());
        services.TryAddSingleton<IDevicePolicy, GpuAwarePolicy>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, GpuTableRefresher>();
        if (hostsWorkers) services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, GpuWorkerStartup>();
        silo.AddPlacementDirector<GpuAwarePlacement, GpuPlacementDirector>();
        silo.AddPlacementDirector<DevicePinnedPlacement, DevicePinnedPlacementDirector>();

        // The same discovery the inventory service runs, done now: metadata is fixed before the container exists.
        var devices = configuration.GetSection("DeepSeek:Devices").Get<DeviceOptions>() ?? new DeviceOptions();
        silo.UseSiloMetadata(SiloMetadataKeys.Describe(
            LocalDeviceInventory.ResolveNodeName(devices), roles, hostsWorkers ? LocalDeviceInventory.Discover(devices) : []));
        return silo;
    }
}
