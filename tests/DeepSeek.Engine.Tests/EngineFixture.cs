using DeepSeek.Models;

namespace DeepSeek.Engine.Tests;

/// <summary>A small random model with peaked distributions, shared by the engine tests.</summary>
internal static class EngineFixture
{
    public static readonly ModelConfig Config = new()
    {
        ModelType = "llama",
        VocabSize = 63,
        HiddenSize = 64,
        IntermediateSize = 128,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        MaxPositionEmbeddings = 512,
        RmsNormEps = 1e-5,
        InitializerRange = 0.25,
    };

    public static CausalLM CreateModel(long seed = 1)
    {
        var model = new CausalLM(Config);
        model.InitializeWeights(seed);
        return model;
    }

    /// <summary>Bans the end id so a run lasts until max tokens.</summary>
    public static readonly IReadOnlyDictionary<int, double> NoEnd = new Dictionary<int, double> { [LetterTokenizer.End] = -100 };

    public static BatchingEngine CreateEngine(CausalLM model, int batch = 8, int queue = 64, int maxLength = 256) =>
        new(model, new LetterTokenizer(), new EngineOptions { MaxBatchSize = batch, MaxQueueLength = queue, MaxSequenceLength = maxLength });

    public static GenerationRequest Request(string prompt, SamplingOptions options) =>
        new(new LetterTokenizer().Encode(prompt), options);

    public static async Task<(List<int> Tokens, string Text, GenerationChunk Last)> CollectAsync(
        IAsyncEnumerable<GenerationChunk> stream)
    {
        var tokens = new List<int>();
        var text = "";
        GenerationChunk? last = null;
        await foreach (var chunk in stream)
        {
            if (chunk.TokenId is { } id) tokens.Add(id);
            text += chunk.Text;
            last = chunk;
        }
        return (tokens, text, last!);
    }
}
