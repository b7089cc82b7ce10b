using DeepSeek.Models.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepSeek.Models.Tests.Weights;

public sealed class StateDictLoaderTests
{
    private const string QProj = "model.layers.0.self_attn.q_proj.weight";
    private const string KProj = "model.layers.1.self_attn.k_proj.weight";
    private const string InvFreq = "model.layers.0.self_attn.rotary_emb.inv_freq";

    [Fact]
    public void ModuleHasHuggingFaceKeyNames()
    {
        using var module = new TinyCausalLm();

        var keys = module.state_dict().Keys.ToList();

        Assert.Contains("model.embed_tokens.weight", keys);
        Assert.Contains(QProj, keys);
        Assert.Contains("model.layers.0.self_attn.q_proj.bias", keys);
        Assert.Contains(KProj, keys);
        Assert.Contains("model.norm.weight", keys);
        Assert.Contains("lm_head.weight", keys);
    }

    [Theory]
    [InlineData(SafeTensorsCheckpoint.DefaultMaxShardBytes)]
    [InlineData(600L)]
    public void SavedModuleLoadsIntoAFreshOneBitExact(long maxShardBytes)
    {
        using var dir = new TempDirectory();
        using var original = new TinyCausalLm();
        using var fresh = new TinyCausalLm();
        Assert.True(TensorAssert.AnyDifferent(original.state_dict(), fresh.state_dict()));

        StateDictLoader.Save(original, dir.Path, maxShardBytes);
        var result = StateDictLoader.Load(fresh, dir.Path);

        Assert.Equal(maxShardBytes < 1000, File.Exists(dir.File(SafeTensorsIndex.FileName)));
        TensorAssert.StateDictsBitEqual(original.state_dict(), fresh.state_dict());
        Assert.Equal(original.state_dict().Keys.Order(StringComparer.Ordinal), result.LoadedKeys);
        Assert.Empty(result.MissingKeys);
        Assert.Empty(result.UnexpectedKeys);
    }

    [Theory]
    [InlineData(ScalarType.BFloat16, 1.0 / 256)]
    [InlineData(ScalarType.Float16, 1.0 / 2048)]
    public void HalfPrecisionCheckpointLoadsIntoFp32ModuleWithinRounding(ScalarType fileDType, double relativeTolerance)
    {
        using var dir = new TempDirectory();
        using var original = new TinyCausalLm();
        using (no_grad())
        {
            original.model.layers[0].self_attn.q_proj.weight![0, 0] = 1.5f;
            original.model.layers[0].self_attn.q_proj.weight![0, 1] = -2.0f;
        }
        using (var scope = NewDisposeScope())
        {
            var halved = original.state_dict().ToDictionary(e => e.Key, e => e.Value.detach().to(fileDType));
            SafeTensorsCheckpoint.Save(dir.Path, halved);
        }
        using var fresh = new TinyCausalLm();

        StateDictLoader.Load(fresh, dir.Path);

        var q = fresh.model.layers[0].self_attn.q_proj.weight!;
        Assert.Equal(1.5f, q[0, 0].item<float>());
        Assert.Equal(-2.0f, q[0, 1].item<float>());
        foreach (var (key, expected) in original.state_dict())
        {
            var actual = fresh.state_dict()[key];
            Assert.Equal(ScalarType.Float32, actual.dtype);
            using var scope = NewDisposeScope();
            // Exactly the rounded value, and that is close to the original.
            TensorAssert.BitEqual(expected.detach().to(fileDType).to(ScalarType.Float32), actual, key);
            var error = (actual - expected).abs();
            var bound = expected.abs() * relativeTolerance + 1e-7;
            Assert.True(error.le(bound).all().item<bool>(), $"{key}: error beyond {fileDType} rounding");
        }
    }

    [Fact]
    public void StrictLoadNamesTheMissingKeyAndLeavesTheModuleUnchanged()
    {
        using var dir = new TempDirectory();
        using var source = new TinyCausalLm();
        var dict = source.state_dict();
        dict.Remove(KProj);
        SafeTensorsCheckpoint.Save(dir.Path, dict);
        using var target = new TinyCausalLm();
        using var before = NewDisposeScope();
        var snapshot = target.state_dict().ToDictionary(e => e.Key, e => e.Value.detach().clone());

        var error = Assert.Throws<StateDictMismatchException>(() => StateDictLoader.Load(target, dir.Path));

        Assert.Contains(KProj, error.Message);
        Assert.Contains(SafeTensorsCheckpoint.SingleFileName, error.Message);
        Assert.Equal([KProj], error.MissingKeys);
        Assert.Empty(error.UnexpectedKeys);
        TensorAssert.StateDictsBitEqual(snapshot, target.state_dict());
    }

    [Fact]
    public void StrictLoadNamesTheUnexpectedKeyAndItsFile()
    {
        using var dir = new TempDirectory();
        using var source = new TinyCausalLm();
        using var invFreq = ones(4);
        var dict = new Dictionary<string, Tensor>(source.state_dict()) { [InvFreq] = invFreq };
        SafeTensorsCheckpoint.Save(dir.Path, dict, maxShardBytes: 600);
        using var target = new TinyCausalLm();

        var error = Assert.Throws<StateDictMismatchException>(() => StateDictLoader.Load(target, dir.Path));

        Assert.Contains(InvFreq, error.Message);
        Assert.Matches(@"model-0000\d-of-0000\d\.safetensors", error.Message);
        Assert.Equal([InvFreq], error.UnexpectedKeys);
        Assert.Empty(error.MissingKeys);
    }

    [Fact]
    public void IgnoredKeysAreNeitherLoadedNorReported()
    {
        using var dir = new TempDirectory();
        using var source = new TinyCausalLm();
        using var invFreq = ones(4);
        var dict = new Dictionary<string, Tensor>(source.state_dict()) { [InvFreq] = invFreq };
        SafeTensorsCheckpoint.Save(dir.Path, dict);
        using var target = new TinyCausalLm();

        var result = StateDictLoader.Load(target, dir.Path,
            new StateDictLoadOptions { IgnoreKey = key => key.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal) });

        Assert.DoesNotContain(InvFreq, result.LoadedKeys);
        Assert.Empty(result.UnexpectedKeys);
        TensorAssert.StateDictsBitEqual(source.state_dict(), target.state_dict());
    }

    [Fact]
    public void NonStrictLoadReportsMissingAndUnexpectedAndLoadsTheRest()
    {
        using var dir = new TempDirectory();
        using var source = new TinyCausalLm();
        using var invFreq = ones(4);
        var dict = new Dictionary<string, Tensor>(source.state_dict()) { [InvFreq] = invFreq };
        dict.Remove(KProj);
        SafeTensorsCheckpoint.Save(dir.Path, dict);
        using var target = new TinyCausalLm();
        using var scope = NewDisposeScope();
        var untouched = target.state_dict()[KProj].detach().clone();

        var result = StateDictLoader.Load(target, dir.Path, new StateDictLoadOptions { Strict = false });

        Assert.Equal([KProj], result.MissingKeys);
        Assert.Equal([InvFreq], result.UnexpectedKeys);
        Assert.DoesNotContain(KProj, result.LoadedKeys);
        TensorAssert.BitEqual(untouched, target.state_dict()[KProj], KProj);
        TensorAssert.BitEqual(source.state_dict()[QProj], target.state_dict()[QProj], QProj);
    }

    [Fact]
    public void ShapeMismatchNamesKeyExpectedAndFoundShapes()
    {
        using var dir = new TempDirectory();
        using var source = new TinyCausalLm();
        using var wrong = zeros(4, 3);
        var dict = new Dictionary<string, Tensor>(source.state_dict()) { [QProj] = wrong };
        SafeTensorsCheckpoint.Save(dir.Path, dict);
        using var target = new TinyCausalLm();

        // Shapes are checked in non-strict mode too: a wrong-shaped weight is never silently skipped.
        var error = Assert.Throws<StateDictMismatchException>(() =>
            StateDictLoader.Load(target, dir.Path, new StateDictLoadOptions { Strict = false }));

        Assert.Contains(QProj, error.Message);
        Assert.Contains("[8, 8]", error.Message);
        Assert.Contains("[4, 3]", error.Message);
        Assert.Equal([QProj], error.ShapeMismatches);
    }

    [Fact]
    public void LongKeyListsAreCutInTheMessage()
    {
        using var dir = new TempDirectory();
        using var one = ones(1);
        var dict = Enumerable.Range(0, 25).ToDictionary(i => $"stray.{i:D2}", _ => one);
        SafeTensorsCheckpoint.Save(dir.Path, dict);
        using var target = new TinyCausalLm();

        var error = Assert.Throws<StateDictMismatchException>(() => StateDictLoader.Load(target, dir.Path));

        Assert.Equal(25, error.UnexpectedKeys.Count);
        Assert.Contains("stray.09", error.Message);
        Assert.DoesNotContain("stray.10", error.Message);
        Assert.Contains("and 15 more", error.Message);
    }
}
