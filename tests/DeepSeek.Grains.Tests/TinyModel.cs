using DeepSeek.Models;
using DeepSeek.Tokenizers;

namespace DeepSeek.Grains.Tests;

/// <summary>A small random-weight Llama with the byte tokenizer (one token per UTF-8 byte), written as a model directory.</summary>
public static class TinyModel
{
    public const string Id = "deepseek-tiny";

    public static string Create(string directory)
    {
        var tokenizer = new ByteTokenizer();
        var config = new ModelConfig
        {
            ModelType = "llama",
            VocabSize = tokenizer.VocabularySize,
            HiddenSize = 32,
            IntermediateSize = 64,
            NumHiddenLayers = 1,
            NumAttentionHeads = 2,
            NumKeyValueHeads = 1,
            MaxPositionEmbeddings = 256,
            RmsNormEps = 1e-5,
            TieWordEmbeddings = true,
        };
        using var model = new CausalLM(config);
        model.InitializeWeights(seed: 1);
        ModelDirectory.Save(directory, model, tokenizer.Save);
        return directory;
    }
}
