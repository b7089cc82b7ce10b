using DeepSeek.Grains.Chat;

namespace DeepSeek.Grains.Cluster;

/// <summary>The directory's table: every device that reported recently, with the age of its report.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.gpu-table")]
public sealed record GpuTable
{
    [Id(0)] public IReadOnlyList<GpuTableEntry> Devices { get; init; } = [];

    /// <summary>Reports older than this are stale: shown, but never used for placement.</summary>
    [Id(1)] public TimeSpan StaleAfter { get; init; }
}

/// <summary>A report and how long ago the directory received it (its own clock, so silo clock skew does not matter).</summary>
[GenerateSerializer, Immutable, Alias("deepseek.gpu-table-entry")]
public sealed record GpuTableEntry
{
    [Id(0)] public required WorkerLoad Load { get; init; }
    [Id(1)] public TimeSpan Age { get; init; }
}
