using DeepSeek.Grains.Cluster;
using DeepSeek.Grains.Placement;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;
using static DeepSeek.Placement.Tests.Devices;

namespace DeepSeek.Placement.Tests;

public sealed class GpuPlacementDirectorTests
{
    private static GpuPlacementDirector Director(DeviceSet set) =>
        new(new FixedTable(set), new GpuAwarePolicy(Options.Create(new GpuPlacementOptions())), TimeProvider.System);

    private static PlacementTarget Target(string? session = null, string model = "small", long bytes = 14 * GiB, SiloAddress? hint = null)
    {
        var context = new Dictionary<string, object> { [PlacementKeys.Model] = model, [PlacementKeys.ModelBytes] = bytes };
        if (session is not null) context[PlacementKeys.Session] = session;
        if (hint is not null) context[IPlacementDirector.PlacementHintKey] = hint;
        return new PlacementTarget(GrainId.Create("deep-learning", session ?? "request-1"), context, default, 0);
    }

    [Fact]
    public async Task PlacesOnTheSiloOfTheDeviceHoldingTheSession()
    {
        var set = Set([(Device(1, 0), []), (Device(2, 0, requests: 4), ["t/s1"]), (Device(3, 0), [])]);

        var silo = await Director(set).OnAddActivation(new GpuAwarePlacement(), Target("t/s1"), new Context(Silo(1), Silo(2), Silo(3)));

        Assert.Equal(Silo(2), silo);
    }

    [Fact]
    public async Task NeverPlacesOnAnIncompatibleSilo()
    {
        var set = Set([(Device(1, 0), []), (Device(2, 0), ["t/s1"])]);

        for (var i = 0; i < 20; i++)
            Assert.Equal(Silo(1), await Director(set).OnAddActivation(new GpuAwarePlacement(), Target("t/s1"), new Context(Silo(1), Silo(3))));
    }

    [Fact]
    public async Task AnEmptyTableStillGivesACompatibleSilo()
    {
        var context = new Context(Silo(1), Silo(2));

        for (var i = 0; i < 20; i++)
            Assert.Contains(await Director(DeviceSet.Empty).OnAddActivation(new GpuAwarePlacement(), Target(), context), context.Silos);
    }

    [Fact]
    public async Task APlacementHintWins()
    {
        var set = Set(Device(1, 0), Device(2, 0, requests: 30));

        var silo = await Director(set).OnAddActivation(new GpuAwarePlacement(), Target(hint: Silo(2)), new Context(Silo(1), Silo(2)));

        Assert.Equal(Silo(2), silo);
    }

    [Fact]
    public void TheDirectorCannotCallAGrain()
    {
        // A decision reads only the cached table: nothing that reaches grains is even injected.
        var forbidden = new[] { typeof(IGrainFactory), typeof(IClusterClient), typeof(IServiceProvider) };
        var parameters = typeof(GpuPlacementDirector).GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType);

        Assert.DoesNotContain(parameters, t => forbidden.Any(f => f.IsAssignableFrom(t)));
    }

    private sealed class FixedTable(DeviceSet set) : IDeviceTable
    {
        public DeviceSet Current => set;
    }

    private sealed class Context(params SiloAddress[] silos) : IPlacementContext
    {
        public SiloAddress[] Silos => silos;

        public SiloAddress LocalSilo => silos[0];

        public SiloStatus LocalSiloStatus => SiloStatus.Active;

        public SiloAddress[] GetCompatibleSilos(PlacementTarget target) => silos;

        public IReadOnlyDictionary<ushort, SiloAddress[]> GetCompatibleSilosWithVersions(PlacementTarget target) =>
            new Dictionary<ushort, SiloAddress[]> { [0] = silos };
    }
}
