using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Cluster;
using static DeepSeek.Placement.Tests.GpuCluster;

namespace DeepSeek.Placement.Tests;

[Collection(ClusterCollection.Name)]
public sealed class GpuClusterTests(GpuClusterFixture fixture) : IClassFixture<GpuClusterFixture>
{
    private readonly GpuCluster _gpus = fixture.Gpus;

    [Fact(Timeout = 30_000)]
    public async Task EveryWorkerReportsBeforeAnyRequest()
    {
        var table = await _gpus.Table();

        var perNode = table.Devices.Where(e => e.Age < table.StaleAfter).GroupBy(e => e.Load.Node).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["silo_0"] = 1, ["silo_1"] = 2, ["silo_2"] = 4 }, perNode);
        Assert.All(table.Devices, e => Assert.Equal("sim", e.Load.Kind));
    }

    [Fact(Timeout = 30_000)]
    public async Task SilosListTheirRolesAndDevices()
    {
        var silos = await _gpus.Client.GetGrain<IClusterInfoGrain>(0).GetSilosAsync();

        Assert.Equal([1, 2, 4], silos.Where(s => s.Status == "active").OrderBy(s => s.Node).Select(s => s.Devices));
        Assert.All(silos, s => Assert.Equal(["ai"], s.Roles));
    }

    [Fact(Timeout = 60_000)]
    public async Task SessionsSpreadInProportionToDevices()
    {
        // 28 sessions on 7 devices of 4 batch slots: a silo-blind spread would give the one-device silo a third.
        var turns = await Task.WhenAll(Enumerable.Range(0, 28).Select(i =>
            _gpus.GenerateAsync($"spread-{i}", Question($"spread {i}"), maxTokens: 60)));

        var perDevice = turns.GroupBy(t => t.Worker).ToDictionary(g => g.Key, g => g.Count());
        var perNode = turns.GroupBy(t => t.Worker.Split('/')[0]).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(perDevice.Values, count => Assert.InRange(count, 1, 8));
        Assert.InRange(perNode["silo_0"], 1, 8);
        Assert.InRange(perNode["silo_2"], 10, 28);
    }

    [Fact(Timeout = 60_000)]
    public async Task ALargeModelRunsOnlyOnDevicesThatHoldIt()
    {
        var turns = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            _gpus.GenerateAsync($"large-{i}", Question($"large {i}"), model: Large)));

        Assert.All(turns, t => Assert.NotEqual("silo_1", t.Worker.Split('/')[0]));
    }

    [Fact(Timeout = 60_000)]
    public async Task ASessionsNextTurnRunsWhereItsKvCacheIs()
    {
        for (var i = 0; i < 4; i++)
        {
            var question = Question($"affinity {i}");
            var first = await _gpus.GenerateAsync($"affinity-{i}", question);
            var second = await _gpus.GenerateAsync($"affinity-{i}", [.. question, new("assistant", first.Text), new("user", "and then?")]);

            Assert.Equal(first.Worker, second.Worker);
            Assert.True(second.CachedTokens > 400, $"only {second.CachedTokens} prompt tokens came from the cache");
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task ASessionLeavesAnOverloadedSiloForALighterOne()
    {
        var crowded = _gpus.Cluster.Silos.Single(s => s.Name == "Silo_0").SiloAddress;
        var question = Question("move me");
        using var crowd = new CancellationTokenSource();

        // The session starts on the one-device silo, then 20 long generations pile onto that device.
        var turn = _gpus.GenerateAsync("mover", question, maxTokens: 150, hint: crowded);
        await Task.Delay(50);
        var pile = Enumerable.Range(0, 20).Select(i =>
            _gpus.GenerateAsync($"pile-{i}", Question($"pile {i}"), maxTokens: 2000, hint: crowded, cancellationToken: crowd.Token)).ToList();
        var first = await turn;
        await Task.Delay(200);
        var second = await _gpus.GenerateAsync("mover", [.. question, new("assistant", first.Text), new("user", "still there?")]);
        await crowd.CancelAsync();
        await Task.WhenAll(pile.Select(p => p.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.Equal("silo_0", first.Worker.Split('/')[0]);
        Assert.NotEqual("silo_0", second.Worker.Split('/')[0]);
    }

    [Fact(Timeout = 30_000)]
    public async Task AWorkerOfANodeOutsideTheClusterFailsClearly()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => _gpus.Client.GetGrain<IGpuWorkerGrain>("nowhere/0").PingAsync());

        Assert.Contains("nowhere", error.ToString());
    }
}
