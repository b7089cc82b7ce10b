using DeepSeek.Grains.Chat;

namespace DeepSeek.Grains.Cluster;

/// <summary>The cluster's volatile table of device load reports (workers refill it within a second of a restart). Key: 0.</summary>
[Alias("deepseek.gpu-directory")]
public interface IGpuDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("report")] Task ReportAsync(WorkerLoad load);

    /// <summary>Drops a worker that is shutting down.</summary>
    [Alias("remove")] Task RemoveAsync(string worker);

    [Alias("table")] Task<GpuTable> GetTableAsync();
}
