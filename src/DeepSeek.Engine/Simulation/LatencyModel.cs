namespace DeepSeek.Engine.Simulation;

/// <summary>
/// How long a simulated device takes, in virtual milliseconds. Prefill is linear in the prompt tokens
/// that are not already cached; one decode step costs a base plus a little per sequence in the batch
/// (GPU decoding is memory-bound, so a bigger batch is almost free: that is what batching buys).
/// </summary>
public sealed record LatencyModel
{
    public double PrefillMsPerToken { get; init; } = 0.1;

    public double DecodeBaseMs { get; init; } = 30;

    public double DecodeMsPerSequence { get; init; } = 1;

    public double PrefillMs(int uncachedTokens) => uncachedTokens * PrefillMsPerToken;

    public double DecodeStepMs(int batchSize) => DecodeBaseMs + DecodeMsPerSequence * batchSize;

    /// <summary>The same device running a model <paramref name="factor"/> times as expensive per token.</summary>
    public LatencyModel Scale(double factor) => new()
    {
        PrefillMsPerToken = PrefillMsPerToken * factor,
        DecodeBaseMs = DecodeBaseMs * factor,
        DecodeMsPerSequence = DecodeMsPerSequence * factor,
    };
}
