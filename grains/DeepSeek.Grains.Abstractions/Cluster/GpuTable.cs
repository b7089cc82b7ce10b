namespace DeepSeek.Grains.Cluster;

/// <summary>The directory's table: every device that reported recently, with the age of its report.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.gpu-table")]
public sealed record GpuTable
{
    [Id(0)] public IReadOnlyList<GpuTableEntry> Devices { get; init; } = [];

    /// <summary>Reports older than this are stale: shown, but never used for placement.</summary>
    [Id(1)] public TimeSpan StaleAfter { get; init; }
}
