using System.Runtime.InteropServices;
using System.Text.Unicode;
using System.Text.Json;
using DeepSeek.Grains;

namespace DeepSeek.Api.Json;

/// <summary>Typed reads of optional JSON fields that fail with a 400 naming the field.</summary>
internal static class JsonFields
{
    /// <summary>Parses and checks a JSON object body; the element outlives the parse (it is a copy).</summary>
    public static JsonElement ParseObject(ReadOnlyMemory<byte> body)
    {
        using var document = ParseDocument(body);
        return document.RootElement.Clone();
    }

    /// <summary>Parses and checks a JSON object body without copying it; the caller disposes the document.</summary>
    public static JsonDocument ParseDocument(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty) throw PlatformException.InvalidRequest("The request body is empty; send a JSON object.", code: "invalid_json");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw PlatformException.InvalidRequest($"The request body is not valid JSON: {e.Message}", code: "invalid_json");
        }
        try
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw PlatformException.InvalidRequest("The request body must be a JSON object.", code: "invalid_json");
            RequireReadableText(document.RootElement);
            return document;
        }
        catch (Exception e)
        {
            document.Dispose();
            if (e is InvalidOperationException)
                throw PlatformException.InvalidRequest(
                    "The request body has text that is not valid UTF-8 (or an escaped unpaired surrogate).", code: "invalid_json");
            throw;
        }
    }

    /// <summary>
    /// The parser accepts strings it cannot decode (invalid UTF-8 bytes, escaped lone surrogates) and only
    /// fails when they are read; checking every name and string once here turns that into a 400. Text
    /// without escapes is checked in place; only escaped text is decoded.
    /// </summary>
    private static void RequireReadableText(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                if (!IsReadable(JsonMarshal.GetRawUtf8Value(element))) _ = element.GetString();
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsReadable(JsonMarshal.GetRawUtf8PropertyName(property))) _ = property.Name;
                    RequireReadableText(property.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) RequireReadableText(item);
                break;
        }
    }

    /// <summary>True when raw JSON text decodes as it is: valid UTF-8 without escapes. False means "decode to be sure".</summary>
    private static bool IsReadable(ReadOnlySpan<byte> raw) => raw.IndexOf((byte)'\\') < 0 && Utf8.IsValid(raw);

    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null) return true;
        value = default;
        return false;
    }

    public static string RequiredString(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var value)) throw PlatformException.InvalidRequest($"'{name}' is required.", name, "missing_required_parameter");
        if (value.ValueKind != JsonValueKind.String) throw WrongType(name, "a string");
        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text)) throw PlatformException.InvalidRequest($"'{name}' must not be empty.", name);
        return text;
    }

    public static string? OptionalString(JsonElement obj, string name, int maxLength = 1000)
    {
        if (!TryGet(obj, name, out var value)) return null;
        if (value.ValueKind != JsonValueKind.String) throw WrongType(name, "a string");
        var text = value.GetString()!;
        if (text.Length > maxLength) throw PlatformException.InvalidRequest($"'{name}' is longer than {maxLength} characters.", name);
        return text;
    }

    public static double? Number(JsonElement obj, string name, double min, double max)
    {
        if (!TryGet(obj, name, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
            throw WrongType(name, "a number");
        if (number < min || number > max) throw PlatformException.InvalidRequest($"'{name}' must be between {min} and {max}; got {number}.", name);
        return number;
    }

    public static long? Integer(JsonElement obj, string name, long min, long max)
    {
        if (!TryGet(obj, name, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number)) throw WrongType(name, "an integer");
        if (number < min || number > max) throw PlatformException.InvalidRequest($"'{name}' must be between {min} and {max}; got {number}.", name);
        return number;
    }

    public static bool? Boolean(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, out var value)) return null;
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw WrongType(name, "a boolean");
        return value.GetBoolean();
    }

    public static PlatformException WrongType(string name, string expected) =>
        PlatformException.InvalidRequest($"'{name}' must be {expected}.", name, "invalid_type");
}
