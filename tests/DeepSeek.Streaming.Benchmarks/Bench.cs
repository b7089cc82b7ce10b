namespace DeepSeek.Streaming.Benchmarks;

/// <summary>Names and the shared delivery counter (the silo runs in the benchmark's process).</summary>
public static class Bench
{
    public const string Provider = "kafka";
    public const string Namespace = "bench";
    public const string Topic = "orleans.bench";
    public const string RawTopic = "raw-bench";
    public const int Partitions = 8;

    public static long Received;
}
