namespace DeepSeek.Grains.Devices;

/// <summary>A device of this silo: a CUDA GPU, a CPU slot, or a simulated device.</summary>
public sealed record ComputeDeviceInfo(int Index, string Kind, long MemoryBytes);
