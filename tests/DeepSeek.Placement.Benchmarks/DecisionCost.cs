using System.Diagnostics;
using System.Net;
using DeepSeek.Grains.Cluster;
using DeepSeek.Grains.Placement;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;

namespace DeepSeek.Placement.Benchmarks;

/// <summary>The director's cost per decision with a large table (125 silos of 8 devices), next to a full scan of the same table.</summary>
internal static class DecisionCost
{
    public static (double Ours, double FullScan) Measure(int devices = 1000, int perSilo = 8, int decisions = 200_000)
    {
        var random = new Random(7);
        var silos = Enumerable.Range(0, devices / perSilo).Select(i => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 20_000 + i), 1)).ToArray();
        string[] models = ["m0", "m1", "m2", "m3"];
        var set = new DeviceSet(Enumerable.Range(0, devices).Select(i => (new DeviceCandidate
        {
            Silo = silos[i / perSilo],
            Worker = $"node{i / perSilo}/{i % perSilo}",
            DeviceIndex = i % perSilo,
            MemoryBytes = (i % 3 == 0 ? 48L : 80L) << 30,
            LoadedModels = models.Where(_ => random.NextDouble() < 0.4).ToHashSet(),
            Requests = random.Next(0, 24),
            BatchSlots = 16,
        }, (IEnumerable<string>)Enumerable.Range(0, 20).Select(s => $"t/s{i * 20 + s}").ToList())));
        var table = new FixedTable(set);
        var ours = new GpuPlacementDirector(table, new GpuAwarePolicy(Options.Create(new GpuPlacementOptions())), TimeProvider.System);
        var scan = new GpuPlacementDirector(table, new LeastLoadedPolicy(), TimeProvider.System);
        var context = new Context(silos);
        var targets = Enumerable.Range(0, 4096).Select(i => Target(random, models, devices)).ToArray();

        return (NanosecondsPerDecision(ours, targets, context, decisions), NanosecondsPerDecision(scan, targets, context, decisions / 20));
    }

    private static double NanosecondsPerDecision(IPlacementDirector director, PlacementTarget[] targets, IPlacementContext context, int decisions)
    {
        var strategy = new GpuAwarePlacement();
        for (var i = 0; i < decisions / 10; i++) director.OnAddActivation(strategy, targets[i % targets.Length], context).GetAwaiter().GetResult();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < decisions; i++) director.OnAddActivation(strategy, targets[i % targets.Length], context).GetAwaiter().GetResult();
        return watch.Elapsed.TotalNanoseconds / decisions;
    }

    private static PlacementTarget Target(Random random, string[] models, int devices)
    {
        var data = new Dictionary<string, object>
        {
            [PlacementKeys.Model] = models[random.Next(models.Length)],
            [PlacementKeys.ModelBytes] = random.NextDouble() < 0.2 ? 60L << 30 : 14L << 30,
        };
        // Three in ten requests continue a session some device holds.
        if (random.NextDouble() < 0.3) data[PlacementKeys.Session] = $"t/s{random.Next(devices * 20)}";
        return new PlacementTarget(GrainId.Create("deep-learning", Guid.NewGuid().ToString("N")), data, default, 0);
    }

    private sealed class FixedTable(DeviceSet set) : IDeviceTable
    {
        public DeviceSet Current => set;
    }

    private sealed class Context(SiloAddress[] silos) : IPlacementContext
    {
        public SiloAddress LocalSilo => silos[0];

        public SiloStatus LocalSiloStatus => SiloStatus.Active;

        public SiloAddress[] GetCompatibleSilos(PlacementTarget target) => silos;

        public IReadOnlyDictionary<ushort, SiloAddress[]> GetCompatibleSilosWithVersions(PlacementTarget target) =>
            new Dictionary<ushort, SiloAddress[]> { [0] = silos };
    }
}
