using System.Text.RegularExpressions;
using DeepSeek.Grains.Chat;

namespace DeepSeek.Client;

/// <summary>
/// The HTTP API's request rules (<c>src/DeepSeek.Api/Json/ChatCompletionParser.cs</c> and the endpoints),
/// applied before any grain call and reported as <see cref="ArgumentException"/>s naming the argument.
/// </summary>
internal static partial class Validation
{
    public const int MaxMessages = 2048;
    public const int MaxStopSequences = 4;
    public const int MaxUserLength = 256;
    public const int MaxQuestionLength = 4000;
    public const int MaxAnswerLength = 32_000;
    public const int MaxEmbeddingInputs = 2048;
    public const int MaxEmbeddingInputLength = 32_000;
    public const int MaxNameLength = 200;
    public const int MaxIdLength = 100;

    public static List<ChatTurn> Messages(IReadOnlyList<ChatTurn> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0) throw new ArgumentException("Messages must contain at least one message.", nameof(messages));
        if (messages.Count > MaxMessages) throw new ArgumentException($"Messages may hold at most {MaxMessages} messages.", nameof(messages));
        var turns = new List<ChatTurn>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] ?? throw new ArgumentException($"messages[{i}] is null.", nameof(messages));
            var role = message.Role switch
            {
                "system" or "developer" => "system",
                "user" => "user",
                "assistant" => "assistant",
                "tool" or "function" => throw new ArgumentException(
                    $"messages[{i}].Role '{message.Role}' is not supported: the platform has no tool calling.", nameof(messages)),
                var other => throw new ArgumentException(
                    $"messages[{i}].Role must be one of system, developer, user, assistant; got '{other}'.", nameof(messages)),
            };
            // As over HTTP, only an assistant turn may come without content.
            if (message.Content is null && role != "assistant")
                throw new ArgumentException($"messages[{i}].Content is required.", nameof(messages));
            turns.Add(new ChatTurn(role, message.Content ?? ""));
        }
        if (!turns.Any(t => t.Role == "user"))
            throw new ArgumentException("Messages must contain at least one user message.", nameof(messages));
        return turns;
    }

    public static SamplingSettings Sampling(ChatOptions options, int maxCompletionTokens)
    {
        Range(options.MaxTokens, 1, maxCompletionTokens, "options.MaxTokens");
        Range(options.Temperature, 0, 2, "options.Temperature");
        Range(options.TopP, 0, 1, "options.TopP");
        if (options.TopP is <= 0) throw new ArgumentOutOfRangeException("options.TopP", options.TopP, "TopP must be greater than 0.");
        Range(options.FrequencyPenalty, -2, 2, "options.FrequencyPenalty");
        Range(options.PresencePenalty, -2, 2, "options.PresencePenalty");
        var stop = options.Stop ?? [];
        if (stop.Count > MaxStopSequences) throw new ArgumentException($"Stop allows at most {MaxStopSequences} sequences.", "options.Stop");
        if (stop.Any(string.IsNullOrEmpty)) throw new ArgumentException("Stop sequences must not be empty.", "options.Stop");
        return new SamplingSettings
        {
            Temperature = options.Temperature,
            TopP = options.TopP,
            MaxTokens = options.MaxTokens,
            Stop = [.. stop],
            Seed = options.Seed,
            FrequencyPenalty = options.FrequencyPenalty,
            PresencePenalty = options.PresencePenalty,
        };
    }

    public static string? Model(string? model, string paramName)
    {
        if (model is not null && string.IsNullOrWhiteSpace(model)) throw new ArgumentException("A model id must not be blank.", paramName);
        return model;
    }

    public static string SessionId(string? sessionId, string paramName)
    {
        if (sessionId is null || !SessionIdPattern().IsMatch(sessionId))
            throw new ArgumentException($"A session id is 1-64 letters, digits, '-' or '_'; got '{sessionId}'.", paramName);
        return sessionId;
    }

    public static string? OptionalText(string? value, int maxLength, string paramName)
    {
        if (value is not null && value.Length > maxLength)
            throw new ArgumentException($"{paramName} may be at most {maxLength} characters.", paramName);
        return value;
    }

    public static string Text(string? value, int maxLength, string paramName)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{paramName} must not be empty.", paramName);
        return OptionalText(value, maxLength, paramName)!;
    }

    /// <summary>An id that becomes part of a grain key after the tenant: no '/' may reach into another key.</summary>
    public static string Id(string? id, string paramName)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength || id.Contains('/'))
            throw new ArgumentException($"'{id}' is not a valid id (1-{MaxIdLength} characters, no '/').", paramName);
        return id;
    }

    public static void Range(double? value, double min, double max, string paramName)
    {
        if (value is { } v && (double.IsNaN(v) || v < min || v > max))
            throw new ArgumentOutOfRangeException(paramName, v, $"{paramName} must be between {min} and {max}.");
    }

    public static void Range(int? value, int min, int max, string paramName)
    {
        if (value is { } v && (v < min || v > max))
            throw new ArgumentOutOfRangeException(paramName, v, $"{paramName} must be between {min} and {max}.");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SessionIdPattern();
}
