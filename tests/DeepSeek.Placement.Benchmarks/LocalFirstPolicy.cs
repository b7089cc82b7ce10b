using DeepSeek.Grains.Placement;

namespace DeepSeek.Placement.Benchmarks;

/// <summary>The rule main's deep-learning grain used on its silo: a device with the model loaded, then the shortest queue.</summary>
internal sealed class LocalFirstPolicy : IDevicePolicy
{
    public DeviceCandidate? Choose(DeviceSet devices, DeviceDemand demand, DeviceFilter filter) =>
        devices.Devices.Where(filter.Accepts).OrderByDescending(d => d.Holds(demand.Model)).ThenBy(d => d.Load).FirstOrDefault();
}
