// GPU placement policies inside a multi-silo in-process cluster of simulated devices, measured in one run.
// Usage: dotnet run -c Release --project tests/DeepSeek.Placement.Benchmarks [-- --scale 0.2 --warmup 15 --window 35 --quick
//        --policies Ours,Oracle --loads 0.5,0.8 --spread --slow]
using System.Globalization;
using DeepSeek.Placement.Benchmarks;

var quick = args.Contains("--quick");
var scale = Arg("--scale", 0.2);
var warmup = Arg("--warmup", 15.0);
var window = Arg("--window", quick ? 20.0 : 35.0);
double[] loads = Arg("--loads", "") is { Length: > 0 } l ? [.. l.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture))]
    : quick ? [0.8] : [0.5, 0.8, 0.95];
Policy[] policies = Arg("--policies", "") is { Length: > 0 } p ? [.. p.Split(',').Select(Enum.Parse<Policy>)]
    : quick ? [Policy.OrleansDefault, Policy.Ours, Policy.Oracle] : Enum.GetValues<Policy>();

var (ours, scan) = DecisionCost.Measure();
Console.WriteLine($"director decision, 1,000 devices in the table: {ours:F0} ns (least-loaded full scan: {scan:F0} ns, {scan / ours:F1}x)");

var device = new DeviceModel();
var workload = new Workload();
var capacity = workload.CapacityTurnsPerSecond(device, BenchCluster.DeviceCount);
Console.WriteLine($"cluster: silos of {string.Join("/", BenchCluster.Silos.Select(s => s.Devices))} simulated devices; capacity {capacity:F1} turns/s (virtual); " +
                  $"time scale {scale}; warm-up {warmup} s, window {window} s (virtual)");
Console.WriteLine();
Console.WriteLine("| policy | load | TTFT p50 (ms) | TTFT p99 (ms) | end-to-end p99 (ms) | turns/s | KV-affinity hits | failed | cut off |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");

var results = new List<(Policy Policy, double Load, Summary Summary)>();
foreach (var policy in policies)
{
    await using var cluster = await BenchCluster.StartAsync(policy, device, workload, scale);
    foreach (var load in loads)
    {
        var run = new LoadRun(cluster.Client, policy, workload, scale, seed: (int)(load * 100));
        var turns = await run.RunAsync(load * capacity, warmup, window, graceSeconds: 20);
        var summary = Summary.Of(turns, window);
        results.Add((policy, load, summary));
        Console.WriteLine($"| {policy.Name()} | {load:P0} | {summary.TtftP50:F0} | {summary.TtftP99:F0} | {summary.EndToEndP99:F0} | " +
                          $"{summary.TurnsPerSecond:F2} | {summary.AffinityHitRate:P0} | {summary.Failed} | {summary.CutOff} |");
        if (args.Contains("--spread"))
            Console.Error.WriteLine("  per device: " + string.Join(", ", turns.GroupBy(t => t.Worker ?? "-").OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        if (args.Contains("--slow"))
        {
            foreach (var t in turns.OrderByDescending(t => t.TimeToFirstToken).Take(8))
                Console.Error.WriteLine($"  slow: {t.TimeToFirstToken * 1000:F0} ms {t.Model} turn {t.Turn} on {t.Worker} cached {t.CachedTokens} at {t.StartedAt:F1} s");
        }
        if (summary.Errors.Length > 0) Console.Error.WriteLine($"  {policy.Name()} at {load:P0}: {summary.Errors}");
    }
}

Console.WriteLine();
foreach (var load in loads.Where(_ => policies.Contains(Policy.OrleansDefault) && policies.Contains(Policy.Ours) && policies.Contains(Policy.Oracle)))
{
    double P99(Policy p) => results.Single(r => r.Policy == p && r.Load == load).Summary.TtftP99;
    var targets = load == 0.8 ? (" (target >= 2)", " (target <= 1.25)") : ("", "");
    Console.WriteLine($"at {load:P0} load: TTFT p99 orleans default / ours = {P99(Policy.OrleansDefault) / P99(Policy.Ours):F2}{targets.Item1}; " +
                      $"ours / oracle = {P99(Policy.Ours) / P99(Policy.Oracle):F2}{targets.Item2}");
}

T Arg<T>(string name, T fallback) where T : IParsable<T>
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? T.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
