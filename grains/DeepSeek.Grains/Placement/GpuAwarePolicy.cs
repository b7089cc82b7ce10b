using Microsoft.Extensions.Options;

namespace DeepSeek.Grains.Placement;

/// <summary>
/// The platform's device choice: the device holding the session's KV cache (its next turn skips the
/// prefill), else a device with the model loaded (no weight loading), else the lighter of two random
/// devices that can hold the model, where a device that would have to load the model first counts as
/// busier (<see cref="GpuPlacementOptions.ColdModelPenalty"/>). A cached session or a loaded model stops
/// attracting work once its device is overloaded (<see cref="GpuPlacementOptions.OverloadedLoad"/>):
/// queueing long behind a full batch costs more than a prefill.
/// </summary>
public sealed class GpuAwarePolicy(IOptions<GpuPlacementOptions> options) : IDevicePolicy
{
    public DeviceCandidate? Choose(DeviceSet devices, DeviceDemand demand, DeviceFilter filter)
    {
        var (overloaded, cold) = (options.Value.OverloadedLoad, options.Value.ColdModelPenalty);
        if (demand.Session is { } session && LeastLoaded(devices.HoldingSession(session), filter) is { } affinity && affinity.Load < overloaded)
            return affinity;
        if (demand.Model is { } model)
        {
            var holding = devices.HoldingModel(model);
            if (PowerOfTwoChoices.Choose(holding, holding.Count, filter) is { } warm && warm.Load < overloaded) return warm;
        }
        return PowerOfTwoChoices.Choose(devices.Devices, devices.CountFitting(demand.ModelBytes), filter, demand.Model, cold);
    }

    private static DeviceCandidate? LeastLoaded(IReadOnlyList<DeviceCandidate> devices, DeviceFilter filter)
    {
        DeviceCandidate? best = null;
        foreach (var device in devices)
        {
            if (filter.Accepts(device) && (best is null || device.Load < best.Load)) best = device;
        }
        return best;
    }
}
