using System.Diagnostics;

namespace DeepSeek.Platform.Benchmarks;

/// <summary>Closed-loop load: N concurrent workers send requests back to back for a fixed time.</summary>
internal static class LoadGenerator
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
                var ok = await send(worker, iteration++);
                if (!ok) Interlocked.Increment(ref failures);
                else latencies[worker].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length / watch.Elapsed.TotalSeconds, Percentile(all, 0.5), Percentile(all, 0.99), failures);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];
}

internal sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, int Failures)
{
    public override string ToString() => $"{RequestsPerSecond,9:F1} req/s  p50 {P50Ms,7:F2} ms  p99 {P99Ms,7:F2} ms  failures {Failures}";
}
