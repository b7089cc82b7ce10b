using DeepSeek.Grains.Chat;

namespace DeepSeek.Grains.Cluster;

/// <summary>
/// The cluster's volatile table of device load reports (workers refill it within a second of a restart).
/// A device that stops reporting goes stale, then leaves the table. Key: 0.
/// </summary>
[Alias("deepseek.gpu-directory")]
public interface IGpuDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("report")] Task ReportAsync(WorkerLoad load);

    [Alias("table")] Task<GpuTable> GetTableAsync();
}
