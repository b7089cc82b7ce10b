using DeepSeek.Models;
using Microsoft.Extensions.Options;

namespace DeepSeek.Grains.Devices;

/// <summary>Simulated devices when configured, else the CUDA devices libtorch sees, else CPU slots.</summary>
public sealed class LocalDeviceInventory(IOptions<DeviceOptions> options) : IDeviceInventory
{
    public string NodeName { get; } = ResolveNodeName(options.Value);

    public IReadOnlyList<ComputeDeviceInfo> Devices { get; } = Discover(options.Value);

    public static string ResolveNodeName(DeviceOptions settings) =>
        string.IsNullOrWhiteSpace(settings.NodeName) ? Environment.MachineName.ToLowerInvariant() : settings.NodeName;

    /// <summary>The devices these settings give this machine (also used for the silo's metadata before the container exists).</summary>
    public static IReadOnlyList<ComputeDeviceInfo> Discover(DeviceOptions settings)
    {
        if (settings.Simulated.Count > 0)
        {
            return Enumerable.Range(0, settings.Simulated.Count)
                .Select(i => new ComputeDeviceInfo(i, ComputeDeviceInfo.Simulated, settings.Simulated.MemoryBytes)).ToList();
        }
        var cuda = settings.UseCuda ? ComputeDevice.CudaDeviceCount : 0;
        return cuda > 0
            ? Enumerable.Range(0, cuda).Select(i => new ComputeDeviceInfo(i, ComputeDeviceInfo.Cuda, 0)).ToList()
            : Enumerable.Range(0, settings.CpuSlots)
                .Select(i => new ComputeDeviceInfo(i, ComputeDeviceInfo.Cpu, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)).ToList();
    }
}
