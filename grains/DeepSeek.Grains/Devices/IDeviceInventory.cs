namespace DeepSeek.Grains.Devices;

/// <summary>The compute devices of the local silo and the node name that keys their workers.</summary>
public interface IDeviceInventory
{
    string NodeName { get; }

    IReadOnlyList<ComputeDeviceInfo> Devices { get; }

    /// <summary>The worker grain key of a local device: <c>node/index</c>.</summary>
    string WorkerKey(int index) => $"{NodeName}/{index}";
}
