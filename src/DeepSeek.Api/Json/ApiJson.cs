using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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

    /// <summary>Writer settings matching <see cref="Options"/>.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = Options.Encoder, SkipValidation = true };

    /// <summary>
    /// Writes with the generated code itself. The serializer would not use it with a custom encoder (it
    /// falls back to slower metadata-driven writing); the writer applies the encoder to every value anyway,
    /// and the property names it writes are plain ASCII.
    /// </summary>
    public static void Write<T>(Utf8JsonWriter writer, T value, JsonTypeInfo<T> typeInfo)
    {
        if (typeInfo.SerializeHandler is { } handler) handler(writer, value);
        else JsonSerializer.Serialize(writer, value, typeInfo);
    }

    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>Writes <paramref name="value"/> whole into <paramref name="output"/> with a writer reused per thread.</summary>
    public static void Write<T>(IBufferWriter<byte> output, T value, JsonTypeInfo<T> typeInfo)
    {
        var writer = t_writer;
        if (writer is null) t_writer = writer = new Utf8JsonWriter(output, WriterOptions);
        else writer.Reset(output);
        try
        {
            Write(writer, value, typeInfo);
            writer.Flush();
        }
        finally
        {
            // Not left pointing at the caller's buffer (which goes back to its pool).
            writer.Reset(Stream.Null);
        }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.Unspecified)]
[JsonSerializable(typeof(ChatCompletionBody))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
