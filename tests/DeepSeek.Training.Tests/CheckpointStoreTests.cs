using DeepSeek.Models;
using DeepSeek.Training.Checkpoints;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepSeek.Training.Tests;

public sealed class CheckpointStoreTests
{
    private static CheckpointState State(int step) => new() { Step = step, DataPosition = step * 4, Seed = 1, TotalSteps = 10 };

    /// <summary>One AdamW step on a fixed batch, so the optimizer has moments to save.</summary>
    private static void Step(CausalLM model, AdamW optimizer)
    {
        using var scope = NewDisposeScope();
        var ids = arange(16, dtype: ScalarType.Int64).view(2, 8); // (B, T)
        optimizer.zero_grad();
        LanguageModelLoss.Mean(model.forward(ids), ids.roll(-1, 1)).backward();
        optimizer.step();
    }

    private static Dictionary<string, float[]> Snapshot(nn.Module model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.data<float>().ToArray());

    [Fact]
    public void WeightsAndOptimizerMomentsRoundTrip()
    {
        using var directory = new TempDirectory();
        var store = new CheckpointStore(directory.Path);
        using var model = TinyModels.Create(seed: 1);
        using var optimizer = optim.AdamW(model.parameters(), lr: 1e-2);
        Step(model, optimizer);
        Step(model, optimizer);
        store.Save(model, optimizer, State(2));

        using var restored = TinyModels.Create(seed: 2);
        using var restoredOptimizer = optim.AdamW(restored.parameters(), lr: 1e-2);
        var state = store.TryRestoreLatest(restored, restoredOptimizer);

        Assert.Equal(2, state!.Step);
        Assert.Equal(8, state.DataPosition);
        Assert.Equal(Snapshot(model), Snapshot(restored));
        var expected = optimizer.state_dict().State.Cast<AdamW.State>().ToArray();
        var actual = restoredOptimizer.state_dict().State.Cast<AdamW.State>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(2, actual[i].step);
            Assert.True(expected[i].exp_avg.eq(actual[i].exp_avg).all().item<bool>());
            Assert.True(expected[i].exp_avg_sq.eq(actual[i].exp_avg_sq).all().item<bool>());
        }

        // Continuing both gives the same weights: the moments, not just the weights, came back.
        Step(model, optimizer);
        Step(restored, restoredOptimizer);
        Assert.Equal(Snapshot(model), Snapshot(restored));
    }

    [Theory]
    [InlineData("model.safetensors")]
    [InlineData("optimizer.bin")]
    [InlineData("trainer.json")]
    [InlineData("renamed")]
    public void ACrashMidWriteLeavesThePreviousCheckpointLoadable(string crashAfter)
    {
        using var directory = new TempDirectory();
        var store = new CheckpointStore(directory.Path);
        using var model = TinyModels.Create(seed: 1);
        using var optimizer = optim.AdamW(model.parameters(), lr: 1e-2);
        Step(model, optimizer);
        var first = store.Save(model, optimizer, State(1));
        var savedWeights = Snapshot(model);

        Step(model, optimizer);
        store.FaultInjection = stage => { if (stage == crashAfter) throw new IOException("disk unplugged"); };
        Assert.Throws<IOException>(() => store.Save(model, optimizer, State(2)));

        Assert.Equal(first, store.LatestPath);
        using var restored = TinyModels.Create(seed: 2);
        using var restoredOptimizer = optim.AdamW(restored.parameters(), lr: 1e-2);
        Assert.Equal(1, store.TryRestoreLatest(restored, restoredOptimizer)!.Step);
        Assert.Equal(savedWeights, Snapshot(restored));

        // The next save clears the debris and commits.
        store.FaultInjection = null;
        var second = store.Save(model, optimizer, State(2));
        Assert.Equal(second, store.LatestPath);
        Assert.Empty(Directory.GetDirectories(directory.Path, "checkpoint-tmp-*"));
    }

    [Fact]
    public void OnlyTheNewestCheckpointsAreKept()
    {
        using var directory = new TempDirectory();
        var store = new CheckpointStore(directory.Path, keep: 2);
        using var model = TinyModels.Create();
        using var optimizer = optim.AdamW(model.parameters());
        foreach (var step in new[] { 1, 2, 3 }) store.Save(model, optimizer, State(step));

        Assert.Equal(["step-00000002", "step-00000003"], Directory.GetDirectories(directory.Path).Select(Path.GetFileName).Order());
        Assert.Equal("step-00000003", File.ReadAllText(Path.Combine(directory.Path, "latest")));
    }

    [Fact]
    public void AnEmptyDirectoryHasNoCheckpoint()
    {
        using var directory = new TempDirectory();
        using var model = TinyModels.Create();
        using var optimizer = optim.AdamW(model.parameters());
        Assert.Null(new CheckpointStore(directory.Path).TryRestoreLatest(model, optimizer));
    }
}
