namespace DeepSeek.Grains.Devices;

/// <summary>This silo's compute devices (configuration section <c>DeepSeek:Devices</c>).</summary>
public sealed class DeviceOptions
{
    /// <summary>Name of this node in worker keys; defaults to the machine name.</summary>
    public string? NodeName { get; set; }

    /// <summary>CPU slots to offer when there is no CUDA device (0 with a GPU present).</summary>
    public int CpuSlots { get; set; } = 1;

    /// <summary>Use CUDA devices when libtorch sees them.</summary>
    public bool UseCuda { get; set; } = true;

    /// <summary>Simulated devices (tests, benchmarks); when there are any, they are this silo's only devices.</summary>
    public SimulatedDeviceOptions Simulated { get; set; } = new();
}
