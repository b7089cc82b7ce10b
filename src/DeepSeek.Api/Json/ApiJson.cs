using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepSeek.Api.Json;

/// <summary>JSON settings of every response: plain UTF-8 text (no \u0027 for apostrophes), as OpenAI writes it.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = null,
    };

    /// <summary>Generated serializers of the hot responses, with the same settings as <see cref="Options"/>.</summary>
    public static readonly ApiJsonContext Generated = new(new JsonSerializerOptions(Options));
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.Unspecified)]
[JsonSerializable(typeof(ChatCompletionBody))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
