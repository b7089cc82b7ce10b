using System.Text.Json;
using DeepSeek.Tokenizers;

namespace DeepSeek.Training.Data;

/// <summary>
/// Chat fine-tuning data in the OpenAI JSONL format, one conversation per line:
/// <c>{"messages":[{"role":"system|user|assistant","content":"..."}]}</c>. An assistant message may carry
/// <c>"weight": 0</c> to be kept as context but not trained on. Blank lines are ignored.
/// </summary>
public static class ChatJsonlDataset
{
    private static readonly HashSet<string> Roles = ["system", "user", "assistant"];

    public static ChatDatasetResult Load(string path, ITokenizer tokenizer, IChatTemplate template,
        DatasetErrorPolicy policy = DatasetErrorPolicy.FailFast)
    {
        using var reader = new StreamReader(path);
        return Read(reader, tokenizer, template, policy, Path.GetFileName(path));
    }

    public static ChatDatasetResult Read(TextReader reader, ITokenizer tokenizer, IChatTemplate template,
        DatasetErrorPolicy policy = DatasetErrorPolicy.FailFast, string datasetName = "chat dataset")
    {
        var sequences = new List<TokenSequence>();
        var errors = new List<DatasetError>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var error = Parse(line, out var messages, out var trainOnTurn);
            if (error is null)
            {
                try
                {
                    sequences.Add(ConversationEncoder.Encode(messages, tokenizer, template, trainOnTurn));
                }
                catch (FormatException e)
                {
                    error = e.Message;
                }
            }
            if (error is null) continue;
            errors.Add(new DatasetError(lineNumber, error));
            if (policy == DatasetErrorPolicy.FailFast) throw new DatasetException(datasetName, errors);
        }
        return new ChatDatasetResult(new TokenDataset(sequences), errors);
    }

    /// <summary>Validates one record; returns what is wrong with it, or null.</summary>
    private static string? Parse(string line, out ChatMessage[] messages, out bool[] trainOnTurn)
    {
        messages = [];
        trainOnTurn = [];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            return $"invalid JSON ({e.Message})";
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return "expected a JSON object";
            if (!root.TryGetProperty("messages", out var list)) return "missing \"messages\"";
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0) return "\"messages\" must be a non-empty array";

            var parsed = new List<ChatMessage>();
            var train = new List<bool>();
            var index = 0;
            foreach (var message in list.EnumerateArray())
            {
                var at = $"messages[{index++}]";
                if (message.ValueKind != JsonValueKind.Object) return $"{at} is not an object";
                if (!message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
                    return $"{at}.role must be a string";
                if (!Roles.Contains(role.GetString()!)) return $"{at}.role '{role.GetString()}' is not system, user or assistant";
                if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
                    return $"{at}.content must be a string";
                var weight = 1;
                if (message.TryGetProperty("weight", out var w) && (w.ValueKind != JsonValueKind.Number || !w.TryGetInt32(out weight) || weight is not (0 or 1)))
                    return $"{at}.weight must be 0 or 1";
                parsed.Add(new ChatMessage(role.GetString()!, content.GetString()!));
                train.Add(weight == 1);
            }
            if (!parsed.Any(m => m.Role == "assistant")) return "no assistant message to train on";
            messages = parsed.ToArray();
            trainOnTurn = train.ToArray();
            return null;
        }
    }
}
