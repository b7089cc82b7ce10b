using DeepSeek.Grains.Placement;
using Microsoft.Extensions.Options;
using static DeepSeek.Placement.Tests.Devices;

namespace DeepSeek.Placement.Tests;

public sealed class GpuAwarePolicyTests
{
    private const long Now = 1_000;
    private static readonly GpuAwarePolicy Policy = new(Options.Create(new GpuPlacementOptions()));

    private static DeviceCandidate? Choose(DeviceSet set, string? session = null, string? model = null, long bytes = 14 * GiB) =>
        Policy.Choose(set, new DeviceDemand(session, model, bytes), new DeviceFilter(Now, bytes));

    [Fact]
    public void SessionAffinityWinsOverAnIdleDevice()
    {
        var cached = Device(1, 0, requests: 8, models: ["small"]);
        var set = Set([(cached, ["t/s1"]), (Device(2, 0, models: ["small"]), []), (Device(3, 0), [])]);

        Assert.Same(cached, Choose(set, session: "t/s1", model: "small"));
    }

    [Fact]
    public void AnOverloadedAffinityDeviceYieldsToALighterOne()
    {
        var cached = Device(1, 0, requests: 40, models: ["small"]);
        var idle = Device(2, 0, models: ["small"]);
        var set = Set([(cached, ["t/s1"]), (idle, [])]);

        Assert.Same(idle, Choose(set, session: "t/s1", model: "small"));
    }

    [Fact]
    public void ALoadedModelBeatsAnEmptyDevice()
    {
        var warm = Device(1, 0, requests: 6, models: ["small"]);
        var set = Set(warm, Device(2, 0), Device(2, 1), Device(3, 0, models: ["large"]));

        for (var i = 0; i < 20; i++) Assert.Same(warm, Choose(set, model: "small"));
    }

    [Fact]
    public void ADeviceThatMustLoadTheModelHasToBeClearlyLighter()
    {
        var fullButWarm = Device(1, 0, requests: 16, models: ["small"]);
        var halfBusyCold = Device(2, 0, requests: 8);
        var idleCold = Device(3, 0);

        for (var i = 0; i < 20; i++)
        {
            Assert.Same(fullButWarm, Choose(Set(fullButWarm, halfBusyCold), model: "small"));
            Assert.Same(idleCold, Choose(Set(Device(1, 0, requests: 24, models: ["small"]), idleCold), model: "small"));
        }
    }

    [Fact]
    public void AModelTooLargeForEveryDeviceIsNeverPlaced()
    {
        var set = Set(Device(1, 0, memory: 24 * GiB), Device(2, 0, memory: 48 * GiB));

        Assert.Null(Choose(set, model: "large", bytes: 68 * GiB));
    }

    [Fact]
    public void AModelGoesOnlyToDevicesLargeEnoughForIt()
    {
        var big = Device(3, 0, requests: 30, memory: 80 * GiB);
        var set = Set(Device(1, 0, memory: 24 * GiB), Device(1, 1, memory: 24 * GiB), Device(2, 0, memory: 48 * GiB), big);

        for (var i = 0; i < 20; i++) Assert.Same(big, Choose(set, model: "large", bytes: 68 * GiB));
    }

    [Fact]
    public void StaleDevicesAreSkipped()
    {
        var stale = Device(1, 0, models: ["small"], freshUntil: Now - 1);
        var fresh = Device(2, 0, requests: 12);
        var set = Set([(stale, ["t/s1"]), (fresh, [])]);

        for (var i = 0; i < 20; i++) Assert.Same(fresh, Choose(set, session: "t/s1", model: "small"));
    }

    [Fact]
    public void PowerOfTwoChoicesTakesTheLessLoadedOfTwo()
    {
        var busy = Device(1, 0, requests: 12);
        var light = Device(2, 0, requests: 3);

        for (var i = 0; i < 20; i++) Assert.Same(light, Choose(Set(busy, light), model: "small"));
    }

    [Fact]
    public void PowerOfTwoChoicesSpreadsABurstAcrossDevices()
    {
        var set = Set(Enumerable.Range(0, 8).Select(i => Device(i % 2, i)).ToArray());

        for (var i = 0; i < 16; i++) Choose(set, model: "small")!.AddPlaced();

        // Two looks per decision and counting what was placed: no device ends up with a pile (fair share is 2).
        Assert.InRange(set.Devices.Max(d => d.Load) * 16, 2, 4);
    }
}
