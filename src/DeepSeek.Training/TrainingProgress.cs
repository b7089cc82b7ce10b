using System.Globalization;

namespace DeepSeek.Training;

/// <summary>
/// What the trainer reports after each optimizer step. <see cref="Step"/> counts completed steps (1-based);
/// <see cref="EvalLoss"/> is set only on steps that ran an evaluation.
/// </summary>
public sealed record TrainingProgress(
    int Step,
    int TotalSteps,
    double Loss,
    double LearningRate,
    double TokensPerSecond,
    double GradientNorm,
    double? EvalLoss)
{
    /// <summary>The log line: step, loss, lr, tokens/s (and eval loss when computed).</summary>
    public override string ToString()
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"step {Step}/{TotalSteps} | loss {Loss:F4} | lr {LearningRate:E2} | {TokensPerSecond:F0} tok/s | grad norm {GradientNorm:F3}");
        return EvalLoss is { } eval ? string.Create(CultureInfo.InvariantCulture, $"{line} | eval loss {eval:F4}") : line;
    }
}
