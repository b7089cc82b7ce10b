using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeepSeek.Api.Json;

/// <summary>JSON settings of every response: plain UTF-8 text (no \u0027 for apostrophes), as OpenAI writes it.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = null,
    };
}
