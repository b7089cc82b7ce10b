namespace DeepSeek.Grains.Chat;

/// <summary>Generation parameters of a completion request; null means the model's default.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.sampling-settings")]
public sealed record SamplingSettings
{
    [Id(0)] public double? Temperature { get; init; }
    [Id(1)] public double? TopP { get; init; }
    [Id(2)] public int? MaxTokens { get; init; }
    [Id(3)] public IReadOnlyList<string> Stop { get; init; } = [];
    [Id(4)] public long? Seed { get; init; }
    [Id(5)] public double? FrequencyPenalty { get; init; }
    [Id(6)] public double? PresencePenalty { get; init; }

    /// <summary>OpenAI's <c>logit_bias</c>: token id → bias added to its logit (-100 bans it, 100 forces it).</summary>
    [Id(7)] public IReadOnlyDictionary<int, double> LogitBias { get; init; } = NoLogitBias;

    /// <summary>An empty <see cref="LogitBias"/> (shared: never modified). Declared before <see cref="Default"/>, which uses it.</summary>
    public static IReadOnlyDictionary<int, double> NoLogitBias { get; } = new Dictionary<int, double>();

    /// <summary>The model's defaults (shared: settings are immutable).</summary>
    public static SamplingSettings Default { get; } = new();
}
