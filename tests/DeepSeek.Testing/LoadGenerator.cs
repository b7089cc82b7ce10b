using System.Diagnostics;

namespace DeepSeek.Testing;

/// <summary>Closed-loop load for the benchmark programs: N concurrent workers send requests back to back for a fixed time.</summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(int concurrency, TimeSpan duration, Func<int, int, Task<bool>> send)
    {
        var latencies = new List<double>[concurrency];
        var failures = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            latencies[worker] = [];
            var iteration = 0;
            while (watch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                if (await send(worker, iteration++)) latencies[worker].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                else Interlocked.Increment(ref failures);
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length / watch.Elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99), failures);
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, q * sorted.Length)];
}

/// <summary>One timed round: answered requests per second, their latency spread, and requests that failed (the caller decides what counts as failed).</summary>
public sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, int Failures)
{
    /// <summary>Each figure's median over the rounds (failures summed: one is one too many).</summary>
    public static LoadResult Median(IReadOnlyList<LoadResult> rounds) => new(
        Middle(rounds.Select(r => r.RequestsPerSecond)),
        Middle(rounds.Select(r => r.P50Ms)),
        Middle(rounds.Select(r => r.P99Ms)),
        rounds.Sum(r => r.Failures));

    public override string ToString() =>
        $"{RequestsPerSecond,9:N0} req/s   p50 {P50Ms,6:F2} ms   p99 {P99Ms,7:F2} ms   failures {Failures}";

    private static double Middle(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
