using System.Text.Json;
using DeepSeek.Models.Weights;
using static TorchSharp.torch;

namespace DeepSeek.Models.Tests.Weights;

public sealed class SafeTensorsCheckpointTests
{
    [Fact]
    public void LargeStateDictIsShardedWithIndexAndLoadsBackEqual()
    {
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        var tensors = Enumerable.Range(0, 5).ToDictionary(i => $"layers.{i}.weight", i => TensorAssert.RandomBytes(ScalarType.Float32, [10, 10], seed: i));

        // 400 bytes per tensor, 1000 per shard: two tensors fit, a third would not.
        SafeTensorsCheckpoint.Save(dir.Path, tensors, maxShardBytes: 1000);

        var expectedShards = new[] { "model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors" };
        Assert.Equal(
            expectedShards.Append(SafeTensorsIndex.FileName).Order(),
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
        Assert.All(expectedShards, shard => Assert.InRange(new FileInfo(dir.File(shard)).Length, 1, 1000 + 200));

        using var index = JsonDocument.Parse(File.ReadAllText(dir.File(SafeTensorsIndex.FileName)));
        Assert.Equal(5 * 400, index.RootElement.GetProperty("metadata").GetProperty("total_size").GetInt64());
        var map = index.RootElement.GetProperty("weight_map");
        Assert.Equal("model-00001-of-00003.safetensors", map.GetProperty("layers.0.weight").GetString());
        Assert.Equal("model-00001-of-00003.safetensors", map.GetProperty("layers.1.weight").GetString());
        Assert.Equal("model-00003-of-00003.safetensors", map.GetProperty("layers.4.weight").GetString());

        using var checkpoint = SafeTensorsCheckpoint.Open(dir.Path);
        Assert.Equal(dir.File(SafeTensorsIndex.FileName), checkpoint.Source);
        var loaded = checkpoint.Keys.ToDictionary(k => k, k => checkpoint.Read(k));
        TensorAssert.StateDictsBitEqual(tensors, loaded);
    }

    [Fact]
    public void StateDictThatFitsIsOneFileWithoutIndex()
    {
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor> { ["a"] = ones(10), ["b"] = zeros(10) };

        SafeTensorsCheckpoint.Save(dir.Path, tensors, maxShardBytes: 80);

        Assert.Equal([dir.File(SafeTensorsCheckpoint.SingleFileName)], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void ResavingAsOneFileRemovesTheOldShardsAndIndex()
    {
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor> { ["a"] = ones(10), ["b"] = zeros(10) };
        SafeTensorsCheckpoint.Save(dir.Path, tensors, maxShardBytes: 40);
        Assert.True(File.Exists(dir.File(SafeTensorsIndex.FileName)));

        SafeTensorsCheckpoint.Save(dir.Path, tensors);

        Assert.Equal([dir.File(SafeTensorsCheckpoint.SingleFileName)], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void IndexListingAMissingShardThrowsInvalidData()
    {
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        SafeTensorsCheckpoint.Save(dir.Path, new Dictionary<string, Tensor> { ["a"] = ones(10), ["b"] = zeros(10) }, maxShardBytes: 40);
        File.Delete(dir.File("model-00002-of-00002.safetensors"));

        var error = Assert.Throws<InvalidDataException>(() => SafeTensorsCheckpoint.Open(dir.Path));

        Assert.Contains("model-00002-of-00002.safetensors", error.Message);
    }

    [Fact]
    public void IndexMappingAKeyToTheWrongShardThrowsInvalidData()
    {
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        SafeTensorsCheckpoint.Save(dir.Path, new Dictionary<string, Tensor> { ["a"] = ones(10), ["b"] = zeros(10) }, maxShardBytes: 40);
        var indexPath = dir.File(SafeTensorsIndex.FileName);
        File.WriteAllText(indexPath, File.ReadAllText(indexPath).Replace("\"b\": \"model-00002", "\"b\": \"model-00001"));

        var error = Assert.Throws<InvalidDataException>(() => SafeTensorsCheckpoint.Open(dir.Path));

        Assert.Contains("'b'", error.Message);
    }

    [Fact]
    public void IndexPointingOutsideItsFolderIsRejected()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(SafeTensorsIndex.FileName), "{\"weight_map\":{\"a\":\"../elsewhere.safetensors\"}}");

        var error = Assert.Throws<InvalidDataException>(() => SafeTensorsCheckpoint.Open(dir.Path));

        Assert.Contains("'a'", error.Message);
    }

    [Fact]
    public void FolderWithoutWeightsThrowsFileNotFound()
    {
        using var dir = new TempDirectory();

        Assert.Throws<FileNotFoundException>(() => SafeTensorsCheckpoint.Open(dir.Path));
    }
}
