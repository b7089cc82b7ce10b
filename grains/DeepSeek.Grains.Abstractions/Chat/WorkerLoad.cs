namespace DeepSeek.Grains.Chat;

/// <summary>A worker's load report.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.worker-load")]
public sealed record WorkerLoad
{
    [Id(0)] public required string Worker { get; init; }
    [Id(1)] public required string Kind { get; init; }
    [Id(2)] public int QueueDepth { get; init; }
    [Id(3)] public int ActiveSequences { get; init; }
    [Id(4)] public double TokensPerSecond { get; init; }
    [Id(5)] public IReadOnlyList<string> LoadedModels { get; init; } = [];
    [Id(6)] public DateTimeOffset ReportedAt { get; init; }
}
