namespace DeepSeek.Grains.Placement;

/// <summary>Chooses the device for a request; the director asks it across the cluster, the deep-learning grain within its silo.</summary>
public interface IDevicePolicy
{
    /// <summary>The device to serve the demand among those the filter accepts; null when it accepts none.</summary>
    DeviceCandidate? Choose(DeviceSet devices, DeviceDemand demand, DeviceFilter filter);
}
