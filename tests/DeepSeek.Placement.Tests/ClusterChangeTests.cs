using static DeepSeek.Placement.Tests.GpuCluster;

namespace DeepSeek.Placement.Tests;

/// <summary>Silos leaving and joining under load; each test owns its cluster because it changes it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterChangeTests
{
    // Slow enough that the background load outlasts a silo starting or being declared dead.
    private const double SlowDevices = 0.1;

    [Fact(Timeout = 120_000)]
    public async Task KillingASiloUnderLoadPlacesItsSessionsAgain()
    {
        await using var gpus = await StartAsync(SlowDevices, new SiloSpec(1), new SiloSpec(2), new SiloSpec(4));
        var sessions = Enumerable.Range(0, 14).Select(i => $"s{i}").ToList();
        var first = await Task.WhenAll(sessions.Select(s => gpus.GenerateAsync(s, Question(s))));
        using var load = new CancellationTokenSource();
        var background = Enumerable.Range(0, 10).Select(i =>
            gpus.GenerateAsync($"load-{i}", Question($"load {i}"), maxTokens: 3000, cancellationToken: load.Token)).ToList();

        var victim = gpus.Cluster.Silos.Single(s => s.Name == "Silo_1");
        var orphans = sessions.Where((s, i) => first[i].Worker.StartsWith("silo_1/", StringComparison.Ordinal)).ToList();
        await gpus.Cluster.KillSiloAsync(victim);
        await gpus.Cluster.WaitForLivenessToStabilizeAsync(didKill: true);

        var next = await Task.WhenAll(orphans.Select(s => gpus.GenerateAsync(s, [.. Question(s), new("assistant", "…"), new("user", "again")])));
        await load.CancelAsync();
        await Task.WhenAll(background.Select(b => b.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.NotEmpty(orphans);
        Assert.All(next, t => Assert.DoesNotContain("silo_1/", t.Worker));
    }

    [Fact(Timeout = 120_000)]
    public async Task NewWorkLandsOnAnAddedSilo()
    {
        await using var gpus = await StartAsync(SlowDevices, new SiloSpec(1), new SiloSpec(2));
        using var load = new CancellationTokenSource();
        // Three devices of four slots, 24 long generations: every existing device has a full batch waiting,
        // which outweighs the model load a newcomer's device needs first.
        var background = Enumerable.Range(0, 24).Select(i =>
            gpus.GenerateAsync($"load-{i}", Question($"load {i}"), maxTokens: 3000, cancellationToken: load.Token)).ToList();
        await Task.Delay(300);

        await gpus.AddSiloAsync(new SiloSpec(4));
        await Task.Delay(300); // a report and a refresh with the newcomer's devices
        var placing = Task.WhenAll(Enumerable.Range(0, 8).Select(i => gpus.GenerateAsync($"new-{i}", Question($"new {i}"))));
        await Task.Delay(1000); // placed by now; a turn that went to an old device need not wait for the load to end
        await load.CancelAsync();
        var turns = await placing;
        await Task.WhenAll(background.Select(b => b.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.InRange(turns.Count(t => t.Worker.StartsWith("silo_2/", StringComparison.Ordinal)), 5, 8);
    }
}
