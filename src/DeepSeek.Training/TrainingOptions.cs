namespace DeepSeek.Training;

/// <summary>
/// Hyperparameters of one training run. A step is one optimizer update over
/// <see cref="BatchSize"/> × <see cref="GradientAccumulation"/> sequences.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Optimizer steps to run in total (a resumed run continues up to this number).</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Sequences per forward pass (the micro-batch).</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Tokens per training sequence; longer sequences are truncated, shorter ones padded and masked.</summary>
    public int SequenceLength { get; init; } = 256;

    public double LearningRate { get; init; } = 3e-4;

    /// <summary>The floor the cosine schedule decays to.</summary>
    public double MinLearningRate { get; init; } = 3e-5;

    /// <summary>Steps of linear warmup from zero to <see cref="LearningRate"/>.</summary>
    public int WarmupSteps { get; init; } = 100;

    /// <summary>Decoupled (AdamW) weight decay, applied to matrices only; norms and biases are not decayed.</summary>
    public double WeightDecay { get; init; } = 0.1;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.95;

    /// <summary>Largest global gradient L2 norm; 0 turns clipping off.</summary>
    public double GradientClip { get; init; } = 1.0;

    /// <summary>Micro-batches whose gradients are summed before each optimizer step.</summary>
    public int GradientAccumulation { get; init; } = 1;

    /// <summary>Steps between held-out evaluations (also after the last step); 0 turns evaluation off.</summary>
    public int EvalInterval { get; init; } = 100;

    /// <summary>Steps between checkpoints (one is always written at the end and on cancellation); 0 writes only those.</summary>
    public int CheckpointInterval { get; init; } = 500;

    /// <summary>Seeds batch order and torch randomness (dropout), so a run and its resumption see the same numbers.</summary>
    public long Seed { get; init; } = 1337;

    /// <summary>libtorch intra-op CPU threads (process-wide); null keeps the current setting.</summary>
    public int? Threads { get; init; }

    /// <summary>Rejects settings the trainer cannot run, naming the field.</summary>
    public void Validate()
    {
        Require(Steps > 0, nameof(Steps));
        Require(BatchSize > 0, nameof(BatchSize));
        Require(SequenceLength > 0, nameof(SequenceLength));
        Require(LearningRate > 0, nameof(LearningRate));
        Require(MinLearningRate >= 0 && MinLearningRate <= LearningRate, $"{nameof(MinLearningRate)} (0..{nameof(LearningRate)})");
        Require(WarmupSteps >= 0, nameof(WarmupSteps));
        Require(WeightDecay >= 0, nameof(WeightDecay));
        Require(Beta1 is >= 0 and < 1, nameof(Beta1));
        Require(Beta2 is >= 0 and < 1, nameof(Beta2));
        Require(GradientClip >= 0, nameof(GradientClip));
        Require(GradientAccumulation > 0, nameof(GradientAccumulation));
        Require(EvalInterval >= 0, nameof(EvalInterval));
        Require(CheckpointInterval >= 0, nameof(CheckpointInterval));
        Require(Threads is null or > 0, nameof(Threads));

        static void Require(bool ok, string field)
        {
            if (!ok) throw new ArgumentException($"Invalid training option {field}.");
        }
    }
}
