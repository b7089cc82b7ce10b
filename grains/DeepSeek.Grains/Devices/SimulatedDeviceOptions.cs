namespace DeepSeek.Grains.Devices;

/// <summary>Devices with a latency model instead of a model (<c>DeepSeek:Devices:Simulated</c>).</summary>
public sealed class SimulatedDeviceOptions
{
    public int Count { get; set; }

    /// <summary>Memory for model weights; models beyond it are evicted least recently used first.</summary>
    public long MemoryBytes { get; set; } = 80L << 30;

    /// <summary>KV cache capacity in tokens (running sequences plus the prefixes kept for sessions).</summary>
    public long KvCacheTokens { get; set; } = 262_144;

    public int MaxBatchSize { get; set; } = 16;

    /// <summary>Virtual milliseconds per prompt token that is not already cached.</summary>
    public double PrefillMsPerToken { get; set; } = 0.1;

    /// <summary>Virtual milliseconds of one decode step: base plus this per sequence in the batch.</summary>
    public double DecodeBaseMs { get; set; } = 30;

    public double DecodeMsPerSequence { get; set; } = 1;

    /// <summary>Model size the costs above are for; a model costs in proportion to its parameters.</summary>
    public long ReferenceParameters { get; set; } = 7_000_000_000;

    /// <summary>Weight loading speed (virtual), which makes a cold model expensive.</summary>
    public double LoadBytesPerSecond { get; set; } = 4e9;

    /// <summary>Real seconds per virtual second (0.1 runs ten times faster than the modelled device).</summary>
    public double TimeScale { get; set; } = 1.0;
}
