using DeepSeek.Grains.Chat;

namespace DeepSeek.Grains.Cluster;

/// <summary>A report and how long ago the directory received it (its own clock, so silo clock skew does not matter).</summary>
[GenerateSerializer, Immutable, Alias("deepseek.gpu-table-entry")]
public sealed record GpuTableEntry
{
    [Id(0)] public required WorkerLoad Load { get; init; }
    [Id(1)] public TimeSpan Age { get; init; }
}
