using static TorchSharp.torch;

namespace DeepSeek.Training;

/// <summary>Next-token cross-entropy over the positions whose target is not <see cref="IgnoreIndex"/>.</summary>
public static class LanguageModelLoss
{
    /// <summary>Target value of positions that carry no loss (PyTorch's default ignore index).</summary>
    public const long IgnoreIndex = -100;

    /// <summary>Summed loss over target positions: logits (B, T, V), targets (B, T) → scalar.</summary>
    public static Tensor Sum(Tensor logits, Tensor targets) => CrossEntropy(logits, targets, nn.Reduction.Sum);

    /// <summary>Mean loss per target position (0 when there are none).</summary>
    public static Tensor Mean(Tensor logits, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var count = targets.ne(IgnoreIndex).sum().clamp_min(1);
        return (Sum(logits, targets) / count).MoveToOuterDisposeScope();
    }

    /// <summary>Loss of each position (B, T), zero where the target is ignored.</summary>
    public static Tensor PerToken(Tensor logits, Tensor targets)
    {
        using var scope = NewDisposeScope();
        return CrossEntropy(logits, targets, nn.Reduction.None).view(targets.shape).MoveToOuterDisposeScope(); // (B*T) -> (B, T)
    }

    private static Tensor CrossEntropy(Tensor logits, Tensor targets, nn.Reduction reduction)
    {
        using var scope = NewDisposeScope();
        var vocab = logits.shape[^1];
        // The loss is taken in fp32 even when the model runs in bf16: log-softmax over a large vocabulary needs the range.
        var flat = logits.reshape(-1, vocab).to_type(ScalarType.Float32); // (B, T, V) -> (B*T, V)
        var flatTargets = targets.reshape(-1);                            // (B, T) -> (B*T)
        return nn.functional.cross_entropy(flat, flatTargets, ignore_index: IgnoreIndex, reduction: reduction)
            .MoveToOuterDisposeScope();
    }
}
