using System.Text.Json;
using DeepSeek.Models;
using DeepSeek.Models.Weights;
using DeepSeek.Training.Adapters;
using static TorchSharp.torch;

namespace DeepSeek.Training.Tests;

public sealed class LoraTests
{
    private static readonly LoraOptions Adapter = new() { Rank = 4, Alpha = 8, Dropout = 0.1, TargetModules = ["q_proj", "v_proj", "o_proj", "up_proj"], Seed = 5 };

    private static Tensor Logits(CausalLM model)
    {
        model.eval();
        using var _ = no_grad();
        using var ids = arange(24, dtype: ScalarType.Int64).view(2, 12); // (B, T)
        return model.forward(ids);
    }

    private static bool Identical(Tensor a, Tensor b) => a.eq(b).all().item<bool>();

    private static double MaxDifference(Tensor a, Tensor b) => (a - b).abs().max().item<float>();

    private static Dictionary<string, Tensor> BaseSnapshot(CausalLM model) =>
        model.named_parameters().Where(p => !p.name.Contains("lora_")).ToDictionary(p => p.name, p => p.parameter.detach().clone());

    /// <summary>Trains the adapters on the repetitive corpus for a few steps.</summary>
    private static void TrainAdapters(CausalLM model)
    {
        using var trainer = new Trainer(model, Corpus.Packed(), null, new TrainingOptions
        {
            Steps = 6, BatchSize = 4, SequenceLength = 32, LearningRate = 1e-2, MinLearningRate = 1e-3, WarmupSteps = 1, EvalInterval = 0,
        });
        trainer.Run();
    }

    [Fact]
    public void AFreshAdapterLeavesTheLogitsExactlyUnchanged()
    {
        using var model = TinyModels.Create();
        using var before = Logits(model);

        Lora.Apply(model, Adapter);
        using var after = Logits(model);

        Assert.True(Identical(before, after));
    }

    [Fact]
    public void BaseKeysAreUnchangedAndOnlyAdaptersTrain()
    {
        using var model = TinyModels.Create();
        var baseKeys = model.state_dict().Keys.ToHashSet();

        var wrapped = Lora.Apply(model, Adapter);

        Assert.Equal(2 * 4, wrapped.Count);
        var keys = model.state_dict().Keys.ToHashSet();
        Assert.Subset(keys, baseKeys);
        var added = keys.Except(baseKeys).Order().ToArray();
        Assert.Equal(2 * 4 * 2, added.Length);
        Assert.Contains("model.layers.0.self_attn.q_proj.lora_A.weight", added);
        Assert.Contains("model.layers.1.mlp.up_proj.lora_B.weight", added);
        Assert.Equal(added, model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).Order());
    }

    [Fact]
    public void TrainingChangesOnlyTheAdaptersAndMergingPreservesTheOutput()
    {
        using var model = TinyModels.Create();
        Lora.Apply(model, Adapter);
        var baseBefore = BaseSnapshot(model);

        TrainAdapters(model);

        foreach (var (name, parameter) in model.named_parameters().Where(p => !p.name.Contains("lora_")))
            Assert.True(Identical(baseBefore[name], parameter), $"{name} changed");
        Assert.All(Lora.Adapters(model), a => Assert.True(a.Module.LoraB.abs().sum().item<float>() > 0));

        using var unmerged = Logits(model);
        Lora.Merge(model);
        using var merged = Logits(model);
        Assert.True(MaxDifference(unmerged, merged) <= 1e-4, $"merged differs by {MaxDifference(unmerged, merged)}");
        Assert.False(Identical(baseBefore["model.layers.0.self_attn.q_proj.weight"], model.state_dict()["model.layers.0.self_attn.q_proj.weight"]));

        Lora.Unmerge(model);
        using var again = Logits(model);
        Assert.True(MaxDifference(unmerged, again) <= 1e-4);
        foreach (var (name, parameter) in model.named_parameters().Where(p => !p.name.Contains("lora_")))
            Assert.True(MaxDifference(baseBefore[name], parameter) <= 1e-6, $"{name} not restored");
    }

    [Fact]
    public void AdaptersRoundTripWithPeftNames()
    {
        using var directory = new TempDirectory();
        using var model = TinyModels.Create();
        Lora.Apply(model, Adapter);
        TrainAdapters(model);
        using var trained = Logits(model);

        Lora.SaveAdapter(model, directory.Path, baseModelNameOrPath: "tiny-llama");

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.Path, "adapter_config.json")));
        var root = config.RootElement;
        Assert.Equal("LORA", root.GetProperty("peft_type").GetString());
        Assert.Equal(4, root.GetProperty("r").GetInt32());
        Assert.Equal(8, root.GetProperty("lora_alpha").GetDouble());
        Assert.Equal(0.1, root.GetProperty("lora_dropout").GetDouble());
        Assert.Equal("tiny-llama", root.GetProperty("base_model_name_or_path").GetString());
        Assert.Equal(Adapter.TargetModules.Order(), root.GetProperty("target_modules").EnumerateArray().Select(e => e.GetString()!).Order());

        // PEFT's file name and format: any safetensors reader opens it, not only ours.
        Assert.Equal("adapter_model.safetensors", Lora.WeightsFile);
        var saved = SafeTensors.Load(Path.Combine(directory.Path, Lora.WeightsFile));
        Assert.Equal(16, saved.Count);
        Assert.Contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", saved.Keys);
        Assert.Contains("base_model.model.model.layers.1.mlp.up_proj.lora_B.weight", saved.Keys);
        Assert.Equal([4L, 48L], saved["base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"].shape);

        using var reloaded = TinyModels.Create();
        var options = Lora.LoadAdapter(reloaded, directory.Path);
        using var reloadedLogits = Logits(reloaded);
        Assert.Equal(Adapter.Rank, options.Rank);
        Assert.True(Identical(trained, reloadedLogits));
    }

    [Fact]
    public void MergeAndUnloadGivesAPlainModelWithTheAdaptedOutput()
    {
        using var model = TinyModels.Create();
        var baseKeys = model.state_dict().Keys.Order().ToArray();
        Lora.Apply(model, Adapter);
        TrainAdapters(model);
        using var adapted = Logits(model);

        Lora.Unload(model, merge: true);

        Assert.Equal(baseKeys, model.state_dict().Keys.Order());
        Assert.Empty(Lora.Adapters(model));
        using var plain = Logits(model);
        Assert.True(MaxDifference(adapted, plain) <= 1e-4);
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void AnUnknownTargetModuleIsRejected()
    {
        using var model = TinyModels.Create();
        var error = Assert.Throws<ArgumentException>(() => Lora.Apply(model, Adapter with { TargetModules = ["qkv_proj"] }));
        Assert.Contains("qkv_proj", error.Message);
    }
}
