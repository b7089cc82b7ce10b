namespace DeepSeek.Models.Tests;

/// <summary>Small model shapes the tests build in milliseconds.</summary>
internal static class TinyConfigs
{
    public static ModelConfig Llama(int vocab = 97, bool tied = false) => new()
    {
        ModelType = "llama",
        VocabSize = vocab,
        HiddenSize = 64,
        IntermediateSize = 160,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        MaxPositionEmbeddings = 128,
        RmsNormEps = 1e-5,
        TieWordEmbeddings = tied,
    };

    public static ModelConfig Qwen2(int vocab = 101) => Llama(vocab, tied: true) with { ModelType = "qwen2", RopeTheta = 1_000_000 };
}
