using DeepSeek.Grains.Placement;

namespace DeepSeek.Placement.Benchmarks;

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
