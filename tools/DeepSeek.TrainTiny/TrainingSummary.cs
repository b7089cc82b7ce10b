using DeepSeek.Models;
using DeepSeek.Training;

namespace DeepSeek.TrainTiny;

/// <summary>What a run produced and measured; the model card is written from it.</summary>
internal sealed record TrainingSummary
{
    public required ModelConfig Config { get; init; }
    public required long Parameters { get; init; }
    public required TrainingOptions Options { get; init; }
    public required int TopicBlocks { get; init; }
    public required int PlainTrainDocuments { get; init; }
    public required int PlainHeldOutDocuments { get; init; }
    public required int ChatTrainConversations { get; init; }
    public required int ChatHeldOutConversations { get; init; }
    public required long CorpusBytes { get; init; }
    public required int TrainSequences { get; init; }
    public required long TrainTokens { get; init; }
    public required long TrainTokensSeen { get; init; }
    public required TimeSpan TrainingTime { get; init; }
    public required double FinalTrainLoss { get; init; }

    /// <summary>Held-out plain-text loss of the trained fp32 weights, before they were stored as bf16.</summary>
    public required double PlainHeldOutLossFp32 { get; init; }

    /// <summary>The same loss of the saved model, loaded from its directory as it is served.</summary>
    public required double PlainHeldOutLoss { get; init; }
    public required double PlainUnigramEntropy { get; init; }
    public required int PlainHeldOutTargets { get; init; }
    public required double ChatHeldOutLoss { get; init; }
    public required double ChatUnigramEntropy { get; init; }
    public required long WeightsBytes { get; init; }
    public required IReadOnlyList<SampleGeneration> Samples { get; init; }
}
