using System.Text;
using System.Text.Json;
using DeepSeek.Grains;
using DeepSeek.Grains.Chat;

namespace DeepSeek.Api.Json;

/// <summary>A validated <c>POST /v1/chat/completions</c> body.</summary>
public sealed record ChatCompletionInput(
    string Model,
    IReadOnlyList<ChatTurn> Messages,
    SamplingSettings Sampling,
    bool Stream,
    bool IncludeUsage,
    string? User);

/// <summary>Reads the OpenAI chat completion request, rejecting anything malformed with a 400 that names the field.</summary>
public static class ChatCompletionParser
{
    private const int MaxMessages = 2048;

    public static ChatCompletionInput Parse(ReadOnlyMemory<byte> body, int maxCompletionTokens)
    {
        using var document = JsonFields.ParseDocument(body);
        var root = document.RootElement;
        var model = JsonFields.RequiredString(root, "model");
        var messages = ParseMessages(root);

        var n = JsonFields.Integer(root, "n", 1, 128);
        if (n is > 1) throw PlatformException.InvalidRequest("Only n = 1 is supported.", "n", "unsupported_value");
        var maxTokens = JsonFields.Integer(root, "max_completion_tokens", 1, maxCompletionTokens)
                        ?? JsonFields.Integer(root, "max_tokens", 1, maxCompletionTokens);
        var includeUsage = false;
        if (JsonFields.TryGet(root, "stream_options", out var streamOptions))
        {
            if (streamOptions.ValueKind != JsonValueKind.Object) throw JsonFields.WrongType("stream_options", "an object");
            includeUsage = JsonFields.Boolean(streamOptions, "include_usage") ?? false;
        }
        var topP = JsonFields.Number(root, "top_p", 0, 1);
        if (topP is <= 0) throw PlatformException.InvalidRequest("'top_p' must be greater than 0.", "top_p");
        var sampling = new SamplingSettings
        {
            Temperature = JsonFields.Number(root, "temperature", 0, 2),
            TopP = topP,
            MaxTokens = (int?)maxTokens,
            Stop = ParseStop(root),
            Seed = JsonFields.Integer(root, "seed", long.MinValue, long.MaxValue),
            FrequencyPenalty = JsonFields.Number(root, "frequency_penalty", -2, 2),
            PresencePenalty = JsonFields.Number(root, "presence_penalty", -2, 2),
            LogitBias = ParseLogitBias(root),
        };
        return new ChatCompletionInput(model, messages, sampling,
            JsonFields.Boolean(root, "stream") ?? false, includeUsage, JsonFields.OptionalString(root, "user", 256));
    }

    /// <summary>Most entries one <c>logit_bias</c> may have (OpenAI's limit).</summary>
    public const int MaxLogitBiasEntries = 300;

    private static IReadOnlyDictionary<int, double> ParseLogitBias(JsonElement root)
    {
        if (!JsonFields.TryGet(root, "logit_bias", out var value) || value.ValueKind == JsonValueKind.Null) return SamplingSettings.NoLogitBias;
        var bias = new Dictionary<int, double>();
        if (value.ValueKind != JsonValueKind.Object) throw JsonFields.WrongType("logit_bias", "an object of token id to bias");
        foreach (var entry in value.EnumerateObject())
        {
            if (!int.TryParse(entry.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var token))
                throw PlatformException.InvalidRequest($"'logit_bias' keys must be token ids; '{Truncate(entry.Name)}' is not.", "logit_bias");
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetDouble(out var amount) || amount is < -100 or > 100)
                throw PlatformException.InvalidRequest($"'logit_bias' values must be numbers from -100 to 100 (token {token}).", "logit_bias");
            if (bias.Count == MaxLogitBiasEntries)
                throw PlatformException.InvalidRequest($"'logit_bias' may have at most {MaxLogitBiasEntries} entries.", "logit_bias");
            bias[token] = amount;
        }
        return bias;
    }

    private static string Truncate(string text) => text.Length <= 20 ? text : text[..20] + "...";

    private static List<ChatTurn> ParseMessages(JsonElement root)
    {
        if (!JsonFields.TryGet(root, "messages", out var messages))
            throw PlatformException.InvalidRequest("'messages' is required.", "messages", "missing_required_parameter");
        if (messages.ValueKind != JsonValueKind.Array) throw JsonFields.WrongType("messages", "an array");
        var count = messages.GetArrayLength();
        if (count == 0) throw PlatformException.InvalidRequest("'messages' must contain at least one message.", "messages");
        if (count > MaxMessages) throw PlatformException.InvalidRequest($"'messages' may hold at most {MaxMessages} messages.", "messages");

        var turns = new List<ChatTurn>(count);
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var path = $"messages[{index++}]";
            if (message.ValueKind != JsonValueKind.Object) throw JsonFields.WrongType(path, "an object");
            if (!JsonFields.TryGet(message, "role", out var roleValue) || roleValue.ValueKind != JsonValueKind.String)
                throw PlatformException.InvalidRequest($"'{path}.role' is required and must be a string.", $"{path}.role");
            var role = roleValue.GetString() switch
            {
                "system" or "developer" => "system",
                "user" => "user",
                "assistant" => "assistant",
                "tool" or "function" => throw PlatformException.InvalidRequest(
                    $"'{path}.role' {roleValue.GetString()} is not supported: this server has no tool calling.", $"{path}.role", "unsupported_value"),
                var other => throw PlatformException.InvalidRequest(
                    $"'{path}.role' must be one of system, developer, user, assistant; got '{other}'.", $"{path}.role"),
            };
            turns.Add(new ChatTurn(role, ReadContent(message, path, role)));
        }
        if (!turns.Any(t => t.Role == "user"))
            throw PlatformException.InvalidRequest("'messages' must contain at least one user message.", "messages");
        return turns;
    }

    private static string ReadContent(JsonElement message, string path, string role)
    {
        if (!JsonFields.TryGet(message, "content", out var content))
        {
            if (role == "assistant") return "";
            throw PlatformException.InvalidRequest($"'{path}.content' is required.", $"{path}.content", "missing_required_parameter");
        }
        if (content.ValueKind == JsonValueKind.String) return content.GetString()!;
        if (content.ValueKind != JsonValueKind.Array) throw JsonFields.WrongType($"{path}.content", "a string or an array of content parts");

        // Content parts: only text parts are understood.
        var text = new StringBuilder();
        var part = 0;
        foreach (var item in content.EnumerateArray())
        {
            var partPath = $"{path}.content[{part++}]";
            if (item.ValueKind != JsonValueKind.Object || !JsonFields.TryGet(item, "type", out var type) || type.ValueKind != JsonValueKind.String)
                throw PlatformException.InvalidRequest($"'{partPath}' must be an object with a 'type'.", partPath);
            if (type.GetString() != "text")
                throw PlatformException.InvalidRequest($"'{partPath}.type' {type.GetString()} is not supported; only text parts are.", $"{partPath}.type", "unsupported_value");
            if (!JsonFields.TryGet(item, "text", out var value) || value.ValueKind != JsonValueKind.String)
                throw PlatformException.InvalidRequest($"'{partPath}.text' must be a string.", $"{partPath}.text");
            if (text.Length > 0) text.Append('\n');
            text.Append(value.GetString());
        }
        return text.ToString();
    }

    private static IReadOnlyList<string> ParseStop(JsonElement root)
    {
        if (!JsonFields.TryGet(root, "stop", out var stop)) return [];
        string[] values = stop.ValueKind switch
        {
            JsonValueKind.String => [stop.GetString()!],
            JsonValueKind.Array when stop.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String) =>
                stop.EnumerateArray().Select(s => s.GetString()!).ToArray(),
            _ => throw JsonFields.WrongType("stop", "a string or an array of strings"),
        };
        if (values.Length > 4) throw PlatformException.InvalidRequest("'stop' allows at most 4 sequences.", "stop");
        if (values.Any(string.IsNullOrEmpty)) throw PlatformException.InvalidRequest("'stop' sequences must not be empty.", "stop");
        return values;
    }
}
