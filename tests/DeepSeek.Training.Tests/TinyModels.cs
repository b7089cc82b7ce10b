using DeepSeek.Models;

namespace DeepSeek.Training.Tests;

/// <summary>A two-layer Llama over the byte vocabulary: a training step takes milliseconds.</summary>
internal static class TinyModels
{
    public static ModelConfig Config => new()
    {
        ModelType = "llama",
        VocabSize = 259,
        HiddenSize = 48,
        IntermediateSize = 96,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        MaxPositionEmbeddings = 128,
        RmsNormEps = 1e-5,
    };

    public static CausalLM Create(long seed = 7)
    {
        var model = new CausalLM(Config);
        model.InitializeWeights(seed);
        return model;
    }
}
