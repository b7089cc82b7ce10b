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

/// <summary>The next eligible device in a fixed order (each director and each grain silo keeps its own turn).</summary>
internal sealed class RoundRobinPolicy : IDevicePolicy
{
    private int _next;

    public DeviceCandidate? Choose(DeviceSet devices, DeviceDemand demand, DeviceFilter filter)
    {
        var eligible = devices.Devices.Where(filter.Accepts).OrderBy(d => d.Worker, StringComparer.Ordinal).ToList();
        return eligible.Count == 0 ? null : eligible[(int)((uint)Interlocked.Increment(ref _next) % eligible.Count)];
    }
}

/// <summary>The device with the fewest requests per batch slot (ties broken at random).</summary>
internal sealed class LeastLoadedPolicy : IDevicePolicy
{
    public DeviceCandidate? Choose(DeviceSet devices, DeviceDemand demand, DeviceFilter filter) =>
        devices.Devices.Where(filter.Accepts).OrderBy(d => d.Load).ThenBy(_ => Random.Shared.Next()).FirstOrDefault();
}

/// <summary>Power of two choices on load alone: no session or model preference.</summary>
internal sealed class PowerOfTwoPolicy : IDevicePolicy
{
    public DeviceCandidate? Choose(DeviceSet devices, DeviceDemand demand, DeviceFilter filter) =>
        PowerOfTwoChoices.Choose(devices.Devices, devices.Devices.Count, filter);
}

/// <summary>The rule main's deep-learning grain used on its silo: a device with the model loaded, then the shortest queue.</summary>
internal sealed class LocalFirstPolicy : IDevicePolicy
{
    public DeviceCandidate? Choose(DeviceSet devices, DeviceDemand demand, DeviceFilter filter) =>
        devices.Devices.Where(filter.Accepts).OrderByDescending(d => d.Holds(demand.Model)).ThenBy(d => d.Load).FirstOrDefault();
}
