using System.Text.Json.Serialization;

namespace DeepSeek.Models;

/// <summary>The <c>rope_scaling</c> block of a HF config: none, <c>linear</c> or <c>llama3</c>.</summary>
public sealed record RopeScaling
{
    [JsonPropertyName("rope_type")] public string? RopeType { get; init; }
    [JsonPropertyName("type")] public string? LegacyType { get; init; }
    [JsonPropertyName("factor")] public double Factor { get; init; } = 1.0;
    [JsonPropertyName("low_freq_factor")] public double LowFreqFactor { get; init; } = 1.0;
    [JsonPropertyName("high_freq_factor")] public double HighFreqFactor { get; init; } = 4.0;
    [JsonPropertyName("original_max_position_embeddings")] public int OriginalMaxPositionEmbeddings { get; init; } = 8192;

    [JsonIgnore] public string Kind => RopeType ?? LegacyType ?? "default";

    public void Validate(string source)
    {
        if (Kind is not ("default" or "linear" or "llama3"))
            throw new NotSupportedException($"{source}: rope_scaling type '{Kind}' is not supported (linear, llama3).");
        if (Factor <= 0) throw new InvalidDataException($"{source}: rope_scaling.factor must be positive.");
    }
}
