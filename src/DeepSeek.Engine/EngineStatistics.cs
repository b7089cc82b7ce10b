namespace DeepSeek.Engine;

/// <summary>A snapshot of an engine's load, for load reports and metrics.</summary>
public sealed record EngineStatistics(
    int QueueDepth,
    int ActiveSequences,
    int MaxBatchSize,
    long TokensGenerated,
    long RequestsCompleted,
    double TokensPerSecond)
{
    /// <summary>Tokens the running sequences hold in the KV cache plus the prompts still waiting.</summary>
    public long TokensInFlight { get; init; }
}
