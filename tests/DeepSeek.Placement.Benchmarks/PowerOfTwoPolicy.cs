using DeepSeek.Grains.Placement;

namespace DeepSeek.Placement.Benchmarks;

/// <summary>Power of two choices on load alone: no session or model preference.</summary>
internal sealed class PowerOfTwoPolicy : IDevicePolicy
{
    public DeviceCandidate? Choose(DeviceSet devices, DeviceDemand demand, DeviceFilter filter) =>
        PowerOfTwoChoices.Choose(devices.Devices, devices.Devices.Count, filter);
}
