using DeepSeek.Grains.Placement;

namespace DeepSeek.Placement.Benchmarks;

/// <summary>The device with the fewest requests per batch slot (ties broken at random).</summary>
internal sealed class LeastLoadedPolicy : IDevicePolicy
{
    public DeviceCandidate? Choose(DeviceSet devices, DeviceDemand demand, DeviceFilter filter) =>
        devices.Devices.Where(filter.Accepts).OrderBy(d => d.Load).ThenBy(_ => Random.Shared.Next()).FirstOrDefault();
}
