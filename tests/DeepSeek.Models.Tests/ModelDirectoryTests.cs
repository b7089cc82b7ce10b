using DeepSeek.Models.Weights;
using DeepSeek.Tokenizers;
using static TorchSharp.torch;

namespace DeepSeek.Models.Tests;

public sealed class ModelDirectoryTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ds-modeldir-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void ASavedDirectoryLoadsBackWithTheSameLogitsAndTokenizer()
    {
        var tokenizer = new ByteTokenizer();
        var config = TinyConfigs.Llama(vocab: tokenizer.VocabularySize, tied: true);
        using var model = new CausalLM(config);
        model.InitializeWeights(seed: 4);
        ModelDirectory.Save(_dir, model, tokenizer.Save, new GenerationConfig { Temperature = 0.7 });

        var directory = ModelDirectory.Open(_dir);
        using var loaded = directory.LoadModel();
        var ids = directory.Tokenizer.Encode("héllo wörld");
        Assert.Equal(tokenizer.Encode("héllo wörld"), ids);
        Assert.Equal(0.7, directory.Generation!.Temperature);
        Assert.Equal(ChatTemplates.Plain, directory.ChatTemplate.Name);

        using var _ = no_grad();
        using var input = tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Count]);
        using var expected = model.forward(input);
        using var actual = loaded.forward(input);
        Assert.True(expected.eq(actual).all().item<bool>());
    }

    [Fact]
    public void AMissingTensorIsAnErrorNamingTheKey()
    {
        var tokenizer = new ByteTokenizer();
        using var model = new CausalLM(TinyConfigs.Llama(vocab: tokenizer.VocabularySize));
        ModelDirectory.Save(_dir, model, tokenizer.Save);
        var weights = SafeTensors.Load(Path.Combine(_dir, "model.safetensors"));
        weights.Remove("model.layers.1.mlp.up_proj.weight");
        SafeTensors.Save(Path.Combine(_dir, "model.safetensors"), weights);

        var error = Assert.Throws<StateDictMismatchException>(() => ModelDirectory.Open(_dir).LoadModel());
        Assert.Contains("model.layers.1.mlp.up_proj.weight", error.Message);
    }

    [Fact]
    public void ADirectoryWithoutConfigSaysSo()
    {
        Directory.CreateDirectory(_dir);
        var error = Assert.Throws<FileNotFoundException>(() => ModelDirectory.Open(_dir));
        Assert.Contains("config.json", error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
