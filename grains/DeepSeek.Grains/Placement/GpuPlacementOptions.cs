namespace DeepSeek.Grains.Placement;

/// <summary>Load reporting and GPU-aware placement (configuration section <c>DeepSeek:Placement</c>).</summary>
public sealed class GpuPlacementOptions
{
    /// <summary>How often each worker reports its load to the directory.</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each silo refreshes its copy of the directory.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A report older than this is stale: the device is skipped by placement.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A report older than this leaves the directory.</summary>
    public TimeSpan DropAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Requests per batch slot beyond which a device's cached session or loaded model stops attracting
    /// work: at 1 its batch is full and a newcomer waits for a slot. (Higher values kept sessions home
    /// longer but queued large-model turns behind slow batches in the placement benchmark.)
    /// </summary>
    public double OverloadedLoad { get; set; } = 1.0;

    /// <summary>How much busier (requests per batch slot) a device counts when it would have to load the model first.</summary>
    public double ColdModelPenalty { get; set; } = 1.0;

    /// <summary>A session moves to another silo after a turn when its silo's best device is at least this loaded…</summary>
    public double MigrateAboveLoad { get; set; } = 1.5;

    /// <summary>…and a device elsewhere is lighter by at least this much (moving loses the session's KV cache).</summary>
    public double MigrateGain { get; set; } = 0.75;
}
