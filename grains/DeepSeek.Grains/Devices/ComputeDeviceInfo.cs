namespace DeepSeek.Grains.Devices;

/// <summary>A device of this silo: a CUDA GPU, a CPU slot, or a simulated device. Memory 0 means unknown (no budget).</summary>
public sealed record ComputeDeviceInfo(int Index, string Kind, long MemoryBytes)
{
    public const string Cuda = "cuda";
    public const string Cpu = "cpu";
    public const string Simulated = "sim";
}
