namespace DeepSeek.Placement.Benchmarks;

/// <summary>The simulated device every silo of the benchmark has (costs for the 7B reference model).</summary>
internal sealed record DeviceModel
{
    public double PrefillMsPerToken { get; init; } = 0.1;
    public double DecodeBaseMs { get; init; } = 20;
    public double DecodeMsPerSequence { get; init; } = 2;
    public int MaxBatchSize { get; init; } = 8;
    public long KvCacheTokens { get; init; } = 262_144;
    public double LoadBytesPerSecond { get; init; } = 10e9;
}
