using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepSeek.Models;

/// <summary>The optional <c>generation_config.json</c> of a model directory: the model's sampling defaults.</summary>
public sealed record GenerationConfig
{
    public const string FileName = "generation_config.json";

    [JsonPropertyName("temperature")] public double? Temperature { get; init; }
    [JsonPropertyName("top_p")] public double? TopP { get; init; }
    [JsonPropertyName("top_k")] public int? TopK { get; init; }
    [JsonPropertyName("max_new_tokens")] public int? MaxNewTokens { get; init; }
    [JsonPropertyName("repetition_penalty")] public double? RepetitionPenalty { get; init; }
    [JsonPropertyName("do_sample")] public bool? DoSample { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }

    public static GenerationConfig? TryLoad(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<GenerationConfig>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }
    }
}
