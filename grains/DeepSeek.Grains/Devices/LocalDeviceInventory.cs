using DeepSeek.Models;
using Microsoft.Extensions.Options;

namespace DeepSeek.Grains.Devices;

/// <summary>CUDA devices libtorch sees, else CPU slots.</summary>
public sealed class LocalDeviceInventory : IDeviceInventory
{
    public LocalDeviceInventory(IOptions<DeviceOptions> options)
    {
        var settings = options.Value;
        NodeName = string.IsNullOrWhiteSpace(settings.NodeName) ? Environment.MachineName.ToLowerInvariant() : settings.NodeName;
        var cuda = settings.UseCuda ? ComputeDevice.CudaDeviceCount : 0;
        Devices = cuda > 0
            ? Enumerable.Range(0, cuda).Select(i => new ComputeDeviceInfo(i, "cuda", 0)).ToList()
            : Enumerable.Range(0, settings.CpuSlots).Select(i => new ComputeDeviceInfo(i, "cpu", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)).ToList();
    }

    public string NodeName { get; }

    public IReadOnlyList<ComputeDeviceInfo> Devices { get; }
}
