using DeepSeek.Grains.Placement;

namespace DeepSeek.Placement.Benchmarks;

/// <summary>Any device that can take the request.</summary>
internal sealed class RandomPolicy : IDevicePolicy
{
    public DeviceCandidate? Choose(DeviceSet devices, DeviceDemand demand, DeviceFilter filter)
    {
        var eligible = devices.Devices.Where(filter.Accepts).ToList();
        return eligible.Count == 0 ? null : eligible[Random.Shared.Next(eligible.Count)];
    }
}
