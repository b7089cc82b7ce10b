using System.Text.Json;
using DeepSeek.Models;
using DeepSeek.Tokenizers;

namespace DeepSeek.TrainTiny;

/// <summary>Everything that decides the bundled model: its shape, its data split and its training run.</summary>
internal static class TinyRecipe
{
    /// <summary>Seeds the corpus expansion, the weight initialisation, the batch order and torch's generator.</summary>
    public const int Seed = 1337;

    /// <summary>Tokens per training window (conversations are packed into windows too); a longer conversation is left out of the corpus.</summary>
    public const int SequenceLength = 512;

    public const double HeldOutFraction = 0.05;

    /// <summary>A Llama of a few million parameters over the byte vocabulary; bf16 on disk halves the files and loads into fp32.</summary>
    public static ModelConfig Config(ByteTokenizer tokenizer) => new()
    {
        ModelType = "llama",
        Architectures = ["LlamaForCausalLM"],
        VocabSize = tokenizer.VocabularySize,
        HiddenSize = 256,
        IntermediateSize = 512,
        NumHiddenLayers = 4,
        NumAttentionHeads = 8,
        NumKeyValueHeads = 2,
        MaxPositionEmbeddings = 1024,
        RmsNormEps = 1e-5,
        RopeTheta = 10000,
        TieWordEmbeddings = true,
        BosTokenId = tokenizer.BeginOfSequenceId,
        EosTokenId = JsonSerializer.SerializeToElement(tokenizer.EndOfSequenceIds.Order().ToArray()),
        TorchDtype = "bfloat16",
    };

    public static DeepSeek.Training.TrainingOptions Training(int steps, int threads) => new()
    {
        Steps = steps,
        BatchSize = 2,
        SequenceLength = SequenceLength,
        // A small model on little data: a high peak rate, annealed twentyfold by the end (the anneal is where it
        // memorises), and small batches, because in a budget of minutes the number of updates is what counts.
        LearningRate = 2e-3,
        MinLearningRate = 1e-4,
        WarmupSteps = 50,
        WeightDecay = 0.1,
        GradientClip = 1.0,
        EvalInterval = 100,
        CheckpointInterval = 0,
        Seed = Seed,
        Threads = threads,
    };

    /// <summary>The sampling defaults written to generation_config.json.</summary>
    public static Dictionary<string, object> Generation(ByteTokenizer tokenizer) => new()
    {
        ["do_sample"] = true,
        ["temperature"] = 0.7,
        ["top_p"] = 0.9,
        ["max_new_tokens"] = 128,
        ["bos_token_id"] = tokenizer.BeginOfSequenceId!.Value,
        ["eos_token_id"] = tokenizer.EndOfSequenceIds.Order().ToArray(),
        ["pad_token_id"] = tokenizer.PaddingId,
    };
}
