using DeepSeek.Models;
using DeepSeek.Training.Adapters;
using DeepSeek.Training.Checkpoints;
using DeepSeek.Training.Data;
using Xunit.Abstractions;

namespace DeepSeek.Training.Tests;

public sealed class TrainerTests(ITestOutputHelper output)
{
    private static readonly TrainingOptions Small = new()
    {
        Steps = 8,
        BatchSize = 4,
        SequenceLength = 32,
        LearningRate = 3e-3,
        MinLearningRate = 3e-4,
        WarmupSteps = 2,
        WeightDecay = 0.1,
        GradientAccumulation = 2,
        EvalInterval = 4,
        CheckpointInterval = 3,
        Seed = 11,
    };

    private static List<TrainingProgress> Train(CausalLM model, TrainingOptions options, TokenDataset train, TokenDataset? heldOut = null,
        CheckpointStore? store = null, int cancelAfter = int.MaxValue)
    {
        var progress = new List<TrainingProgress>();
        using var cancellation = new CancellationTokenSource();
        using var trainer = new Trainer(model, train, heldOut, options);
        trainer.Run(store, p =>
        {
            progress.Add(p);
            if (p.Step == cancelAfter) cancellation.Cancel();
        }, cancellation.Token);
        return progress;
    }

    [Fact]
    public void TrainingOnRepetitiveTextHalvesTheLoss()
    {
        var (train, heldOut) = Corpus.Packed(documents: 24).Split(0.15, seed: 1);
        using var model = TinyModels.Create();
        var options = Small with { Steps = 30, LearningRate = 1e-2, MinLearningRate = 1e-3, WarmupSteps = 3, GradientAccumulation = 1, EvalInterval = 10 };

        var progress = Train(model, options, train, heldOut);

        output.WriteLine(string.Join('\n', progress.Where(p => p.EvalLoss is not null || p.Step == 1)));
        Assert.Equal(30, progress.Count);
        var first = progress[0].Loss;
        var last = progress.TakeLast(5).Average(p => p.Loss);
        Assert.True(last < 0.5 * first, $"loss went from {first:F3} to {last:F3}");
        var evals = progress.Where(p => p.EvalLoss is not null).Select(p => p.EvalLoss!.Value).ToArray();
        Assert.Equal(3, evals.Length); // steps 10, 20, 30
        Assert.True(evals[^1] < 0.5 * first, $"held-out loss {evals[^1]:F3}");
    }

    [Fact]
    public void ProgressIsReportedForEveryStepWithTheScheduledRate()
    {
        var dataset = Corpus.Packed();
        using var model = TinyModels.Create();
        var progress = Train(model, Small, dataset, heldOut: dataset);

        var schedule = LearningRateSchedule.From(Small);
        Assert.Equal(Enumerable.Range(1, 8), progress.Select(p => p.Step));
        Assert.All(progress, p => Assert.Equal(schedule.At(p.Step - 1), p.LearningRate, 12));
        Assert.All(progress, p => Assert.True(p.TokensPerSecond > 0 && p.GradientNorm > 0 && double.IsFinite(p.Loss)));
        Assert.Equal([4, 8], progress.Where(p => p.EvalLoss is not null).Select(p => p.Step));
        Assert.Matches(@"^step 1/8 \| loss \d+\.\d{4} \| lr .+ \| \d+ tok/s", progress[0].ToString());
    }

    public static TheoryData<bool> Variants => new() { false, true };

    [Theory]
    [MemberData(nameof(Variants))]
    public void AResumedRunReproducesTheUninterruptedLossCurve(bool lora)
    {
        var (train, heldOut) = Corpus.Packed().Split(0.2, seed: 1);
        // LoRA with dropout also checks that torch's RNG state travels with the checkpoint.
        var adapter = new LoraOptions { Rank = 4, Alpha = 8, Dropout = 0.2, TargetModules = ["q_proj", "v_proj", "down_proj"] };
        CausalLM Build(long adapterSeed)
        {
            var model = TinyModels.Create(seed: 7);
            if (lora) Lora.Apply(model, adapter with { Seed = adapterSeed });
            return model;
        }

        using var uninterruptedDirectory = new TempDirectory();
        using var uninterruptedModel = Build(adapterSeed: 1);
        var uninterrupted = Train(uninterruptedModel, Small, train, heldOut, new CheckpointStore(uninterruptedDirectory.Path));

        using var directory = new TempDirectory();
        var store = new CheckpointStore(directory.Path);
        using var firstModel = Build(adapterSeed: 1);
        var firstHalf = Train(firstModel, Small, train, heldOut, store, cancelAfter: 5);
        Assert.Equal(5, firstHalf.Count);
        Assert.EndsWith("step-00000005", store.LatestPath);

        // A differently initialised model proves the weights come from the checkpoint (under LoRA: the adapters; the base is the same).
        using var resumedModel = lora ? Build(adapterSeed: 99) : TinyModels.Create(seed: 99);
        var secondHalf = Train(resumedModel, Small, train, heldOut, store);

        var resumed = firstHalf.Concat(secondHalf).ToArray();
        Assert.Equal(Enumerable.Range(1, 8), resumed.Select(p => p.Step));
        for (var i = 0; i < 8; i++)
        {
            output.WriteLine($"step {i + 1}: {uninterrupted[i].Loss:F6} vs {resumed[i].Loss:F6}");
            Assert.Equal(uninterrupted[i].Loss, resumed[i].Loss, 1e-5);
            Assert.Equal(uninterrupted[i].EvalLoss ?? -1, resumed[i].EvalLoss ?? -1, 1e-5);
        }
    }

    [Fact]
    public void CancellationStopsAtAStepBoundaryAndWritesACheckpoint()
    {
        using var directory = new TempDirectory();
        var store = new CheckpointStore(directory.Path);
        using var model = TinyModels.Create();
        using var cancellation = new CancellationTokenSource();
        using var trainer = new Trainer(model, Corpus.Packed(), null, Small with { CheckpointInterval = 0 });

        var result = trainer.Run(store, p => { if (p.Step == 2) cancellation.Cancel(); }, cancellation.Token);

        Assert.True(result.Cancelled);
        Assert.Equal(2, result.Step);
        Assert.Equal(store.LatestPath, result.CheckpointPath);
        var state = System.Text.Json.JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(result.CheckpointPath!, "trainer.json")))!;
        Assert.Equal(2, state.Step);
        Assert.Equal(2 * Small.BatchSize * Small.GradientAccumulation, state.DataPosition);
        Assert.NotNull(state.TorchRngState);
    }

    [Fact]
    public void TrainingFromScratchIsReproducibleForASeed()
    {
        var dataset = Corpus.Packed();
        var options = Small with { Steps = 3, EvalInterval = 0 };
        using var first = TinyModels.Create(seed: 21);
        var firstRun = Train(first, options, dataset);

        TorchSharp.torch.manual_seed(12345); // whatever else used torch's global generator in between
        using var second = TinyModels.Create(seed: 21);
        var secondRun = Train(second, options, dataset);

        Assert.Equal(firstRun.Select(p => p.Loss), secondRun.Select(p => p.Loss));
    }

    [Fact]
    public void FineTuningStartsFromTheLoadedWeights()
    {
        var dataset = Corpus.Packed();
        using var pretrained = TinyModels.Create();
        Train(pretrained, Small with { Steps = 15, LearningRate = 1e-2, GradientAccumulation = 1, EvalInterval = 0 }, dataset);

        // Stands in for loading a checkpoint: a new model whose weights are copied in, never re-initialised.
        using var loaded = new CausalLM(TinyModels.Config);
        loaded.load_state_dict(pretrained.state_dict());
        using var fresh = TinyModels.Create(seed: 3);
        var options = Small with { Steps = 3, LearningRate = 1e-4, MinLearningRate = 1e-5, WarmupSteps = 0, EvalInterval = 0 };

        var fineTuned = Train(loaded, options, dataset);
        var fromScratch = Train(fresh, options, dataset);

        output.WriteLine($"first fine-tuning loss {fineTuned[0].Loss:F3}, from scratch {fromScratch[0].Loss:F3}");
        Assert.True(fineTuned[0].Loss < 0.8 * fromScratch[0].Loss, $"{fineTuned[0].Loss:F3} vs {fromScratch[0].Loss:F3}");
        Assert.True(fineTuned[^1].Loss <= fineTuned[0].Loss * 1.05);
    }
}
