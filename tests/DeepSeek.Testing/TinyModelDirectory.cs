using DeepSeek.Models;
using DeepSeek.Tokenizers;

namespace DeepSeek.Testing;

/// <summary>Writes a small random-weight Llama model with the byte tokenizer, the way the platform loads real ones.</summary>
public static class TinyModelDirectory
{
    public static string Create(string directory, long seed = 1)
    {
        var tokenizer = new ByteTokenizer();
        var config = new ModelConfig
        {
            ModelType = "llama",
            VocabSize = tokenizer.VocabularySize,
            HiddenSize = 64,
            IntermediateSize = 128,
            NumHiddenLayers = 2,
            NumAttentionHeads = 4,
            NumKeyValueHeads = 2,
            MaxPositionEmbeddings = 512,
            RmsNormEps = 1e-5,
            TieWordEmbeddings = true,
            InitializerRange = 0.2,
        };
        using var model = new CausalLM(config);
        model.InitializeWeights(seed);
        ModelDirectory.Save(directory, model, tokenizer.Save);
        return directory;
    }
}
