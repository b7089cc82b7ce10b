namespace DeepSeek.Data.Benchmarks;

/// <summary>One timed round: how many writes completed, how fast, and their latency spread.</summary>
public sealed record Measurement(long Writes, double WritesPerSecond, double P50Milliseconds, double P99Milliseconds)
{
    public static Measurement From(List<double> latencies, TimeSpan elapsed)
    {
        latencies.Sort();
        return new Measurement(latencies.Count, latencies.Count / elapsed.TotalSeconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    /// <summary>The round with the median throughput.</summary>
    public static Measurement Median(List<Measurement> rounds) =>
        rounds.OrderBy(r => r.WritesPerSecond).ElementAt(rounds.Count / 2);

    public override string ToString() =>
        $"{WritesPerSecond,8:N0} writes/s   p50 {P50Milliseconds,6:F2} ms   p99 {P99Milliseconds,6:F2} ms";

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
}
