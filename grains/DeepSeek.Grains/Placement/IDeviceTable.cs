namespace DeepSeek.Grains.Placement;

/// <summary>The devices of the cluster as this silo last saw them.</summary>
public interface IDeviceTable
{
    DeviceSet Current { get; }
}
