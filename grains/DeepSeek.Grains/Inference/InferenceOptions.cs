namespace DeepSeek.Grains.Inference;

/// <summary>Inference path settings (configuration section <c>DeepSeek:Inference</c>).</summary>
public sealed class InferenceOptions
{
    /// <summary>Longest wait for the model's first token before the attempt counts as failed.</summary>
    public TimeSpan FirstTokenTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest wait between two tokens of a running generation.</summary>
    public TimeSpan TokenTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive model failures that open the circuit breaker.</summary>
    public int BreakerFailureThreshold { get; set; } = 5;

    /// <summary>How long the breaker stays open before one trial request may pass.</summary>
    public TimeSpan BreakerOpenDuration { get; set; } = TimeSpan.FromSeconds(30);
}
