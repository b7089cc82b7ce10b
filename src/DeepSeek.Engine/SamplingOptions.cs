namespace DeepSeek.Engine;

/// <summary>How tokens are chosen and when generation ends. Defaults follow the OpenAI API.</summary>
public sealed record SamplingOptions
{
    /// <summary>0 picks the most likely token (greedy); higher values flatten the distribution. Range 0..2.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Nucleus sampling: keep the smallest set of tokens whose probability reaches this mass. Range (0, 1].</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Keep only the k most likely tokens; 0 keeps all.</summary>
    public int TopK { get; init; }

    /// <summary>Subtracted from a token's logit once per earlier occurrence in the completion. Range -2..2.</summary>
    public double FrequencyPenalty { get; init; }

    /// <summary>Subtracted from a token's logit if it occurred in the completion at all. Range -2..2.</summary>
    public double PresencePenalty { get; init; }

    /// <summary>Same seed and same inputs give the same tokens; null draws a fresh seed.</summary>
    public long? Seed { get; init; }

    /// <summary>Most tokens to generate (the prompt is not counted).</summary>
    public int MaxTokens { get; init; } = 256;

    /// <summary>Generation ends before any of these strings; the string itself is not returned.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Added to a token's logit before sampling (OpenAI logit_bias); -100 effectively bans a token. Range -100..100.</summary>
    public IReadOnlyDictionary<int, double> LogitBias { get; init; } = new Dictionary<int, double>();

    /// <summary>Extra token ids that end generation (for example a chat format's end-of-turn token).</summary>
    public IReadOnlyCollection<int> StopTokenIds { get; init; } = [];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (double.IsNaN(Temperature) || Temperature is < 0 or > 2) throw Invalid(nameof(Temperature), "must be between 0 and 2");
        if (double.IsNaN(TopP) || TopP is <= 0 or > 1) throw Invalid(nameof(TopP), "must be greater than 0 and at most 1");
        if (TopK < 0) throw Invalid(nameof(TopK), "must not be negative");
        if (double.IsNaN(FrequencyPenalty) || FrequencyPenalty is < -2 or > 2) throw Invalid(nameof(FrequencyPenalty), "must be between -2 and 2");
        if (double.IsNaN(PresencePenalty) || PresencePenalty is < -2 or > 2) throw Invalid(nameof(PresencePenalty), "must be between -2 and 2");
        if (MaxTokens < 1) throw Invalid(nameof(MaxTokens), "must be at least 1");
        if (LogitBias.Values.Any(b => double.IsNaN(b) || b is < -100 or > 100)) throw Invalid(nameof(LogitBias), "values must be between -100 and 100");
        if (Stop.Any(string.IsNullOrEmpty)) throw Invalid(nameof(Stop), "must not contain empty strings");
    }

    private static ArgumentException Invalid(string field, string rule) => new($"{field} {rule}.", field);
}
