namespace DeepSeek.Grains.Models;

/// <summary>A simulated model: its size decides its memory and, on a simulated device, its speed.</summary>
public sealed class SimulatedModelOptions
{
    public long Parameters { get; set; } = 7_000_000_000;

    /// <summary>Bytes per parameter (2 for bf16).</summary>
    public int DTypeBytes { get; set; } = 2;

    public int ContextLength { get; set; } = 8192;
}
