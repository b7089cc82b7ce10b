namespace DeepSeek.Engine.Simulation;

/// <summary>Capacity and speed of a <see cref="SimulatedEngine"/>.</summary>
public sealed record SimulatedEngineOptions
{
    /// <summary>Sequences decoded together in one step.</summary>
    public int MaxBatchSize { get; init; } = 16;

    /// <summary>Requests waiting for a slot beyond which new ones are rejected.</summary>
    public int MaxQueueLength { get; init; } = 256;

    /// <summary>Prompt plus completion tokens per sequence.</summary>
    public int MaxSequenceLength { get; init; } = 8192;

    /// <summary>KV cache size in tokens, shared by running sequences and the prefixes kept for sessions.</summary>
    public long KvCacheTokens { get; init; } = 262_144;

    public LatencyModel Latency { get; init; } = new();

    /// <summary>Real seconds per virtual second: 0.1 runs ten times faster than the device it models.</summary>
    public double TimeScale { get; init; } = 1.0;

    /// <summary>The device's compute time, shared by every engine on it; null gives the engine a device of its own.</summary>
    public DeviceTimeline? Timeline { get; init; }
}
