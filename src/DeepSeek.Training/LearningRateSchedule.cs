namespace DeepSeek.Training;

/// <summary>
/// Linear warmup to the peak rate, then a half cosine down to the floor at the last step
/// (the nanoGPT schedule). Steps are 0-based: <c>At(0)</c> is the rate of the first update.
/// </summary>
public sealed class LearningRateSchedule
{
    private readonly double _max;
    private readonly double _min;
    private readonly int _warmup;
    private readonly int _total;

    public LearningRateSchedule(double maxLearningRate, double minLearningRate, int warmupSteps, int totalSteps)
    {
        if (maxLearningRate <= 0 || minLearningRate < 0 || minLearningRate > maxLearningRate)
            throw new ArgumentException("Learning rates must satisfy 0 <= min <= max and max > 0.");
        if (warmupSteps < 0 || totalSteps <= 0) throw new ArgumentException("Warmup must be >= 0 and total steps > 0.");
        (_max, _min, _warmup, _total) = (maxLearningRate, minLearningRate, warmupSteps, totalSteps);
    }

    public static LearningRateSchedule From(TrainingOptions options) =>
        new(options.LearningRate, options.MinLearningRate, options.WarmupSteps, options.Steps);

    public double At(int step)
    {
        // Warmup starts above zero so the very first update already moves the weights.
        if (step < _warmup) return _max * (step + 1) / _warmup;
        if (step >= _total) return _min;
        var decaySteps = Math.Max(1, _total - 1 - _warmup);
        var progress = Math.Min(1.0, (double)(step - _warmup) / decaySteps);
        var coefficient = 0.5 * (1.0 + Math.Cos(Math.PI * progress)); // 1 -> 0
        return _min + coefficient * (_max - _min);
    }
}
