using static TorchSharp.torch;

namespace DeepSeek.Training.Data;

/// <summary>
/// Sequences collated for one forward pass: inputs (B, T) and next-token targets (B, T) where positions
/// without a loss (masked tokens, right padding) hold <see cref="LanguageModelLoss.IgnoreIndex"/>.
/// Padding sits after each sequence, so causal attention never lets a real token see it.
/// </summary>
public sealed class TrainingBatch : IDisposable
{
    private TrainingBatch(Tensor inputs, Tensor targets, int targetCount)
    {
        Inputs = inputs;
        Targets = targets;
        TargetCount = targetCount;
    }

    /// <summary>Token ids (B, T), int64.</summary>
    public Tensor Inputs { get; }

    /// <summary>The id each position should predict (B, T), int64, or the ignore index.</summary>
    public Tensor Targets { get; }

    /// <summary>Positions that carry a loss.</summary>
    public int TargetCount { get; }

    /// <summary>Positions the model processes, padding included (B × T).</summary>
    public long TokenCount => Inputs.shape[0] * Inputs.shape[1];

    /// <summary>
    /// Cuts each sequence to <paramref name="sequenceLength"/> + 1 tokens, shifts it into inputs and targets,
    /// and pads to the longest row.
    /// </summary>
    public static TrainingBatch Collate(IReadOnlyList<TokenSequence> sequences, int sequenceLength, Device? device = null)
    {
        if (sequences.Count == 0) throw new ArgumentException("A batch needs at least one sequence.", nameof(sequences));
        var width = Math.Max(1, Math.Min(sequenceLength, sequences.Max(s => s.Tokens.Length) - 1));
        var inputs = new long[sequences.Count * width];
        var targets = new long[sequences.Count * width];
        Array.Fill(targets, LanguageModelLoss.IgnoreIndex);
        var targetCount = 0;
        for (var row = 0; row < sequences.Count; row++)
        {
            var (tokens, mask) = (sequences[row].Tokens, sequences[row].LossMask);
            var length = Math.Min(width + 1, tokens.Length);
            var offset = row * width;
            for (var i = 0; i < length - 1; i++)
            {
                inputs[offset + i] = tokens[i];
                if (!mask[i + 1]) continue;
                targets[offset + i] = tokens[i + 1];
                targetCount++;
            }
            if (length == 1) inputs[offset] = tokens[0];
        }
        var shape = new long[] { sequences.Count, width };
        return new TrainingBatch(tensor(inputs, shape, device: device), tensor(targets, shape, device: device), targetCount);
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}
