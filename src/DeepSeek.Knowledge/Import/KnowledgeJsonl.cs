using System.Text.Json;

namespace DeepSeek.Knowledge.Import;

/// <summary>
/// Reads JSON Lines of <c>{"question": "...", "answer": "...", "context_free": true}</c>.
/// A bad line becomes an error with its line number and the rest are still read; blank lines are
/// skipped, unknown properties ignored, and a missing <c>context_free</c> means false, the safe
/// choice (the entry then answers only a conversation's first question).
/// </summary>
public static class KnowledgeJsonl
{
    public static KnowledgeImportResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Parse(reader);
    }

    public static KnowledgeImportResult Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var items = new List<KnowledgeImportItem>();
        var errors = new List<KnowledgeImportError>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            // A byte-order mark survives when the text did not come through a StreamReader.
            if (lineNumber == 1) line = line.TrimStart('\uFEFF');
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (TryParseLine(line, out var item, out var error)) items.Add(item);
            else errors.Add(new KnowledgeImportError(lineNumber, error));
        }
        return new KnowledgeImportResult(items, errors);
    }

    private static bool TryParseLine(string line, out KnowledgeImportItem item, out string error)
    {
        item = null!;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException exception)
        {
            error = $"invalid JSON: {exception.Message}";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = $"expected a JSON object, found {Describe(root.ValueKind)}";
                return false;
            }
            if (!TryReadText(root, "question", out var question, out error)) return false;
            if (!TryReadText(root, "answer", out var answer, out error)) return false;

            var contextFree = false;
            if (root.TryGetProperty("context_free", out var flag))
            {
                if (flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    error = $"\"context_free\" must be true or false, found {Describe(flag.ValueKind)}";
                    return false;
                }
                contextFree = flag.GetBoolean();
            }
            item = new KnowledgeImportItem(question, answer, contextFree);
            error = "";
            return true;
        }
    }

    private static bool TryReadText(JsonElement root, string name, out string value, out string error)
    {
        value = "";
        if (!root.TryGetProperty(name, out var property))
        {
            error = $"missing \"{name}\"";
            return false;
        }
        if (property.ValueKind != JsonValueKind.String)
        {
            error = $"\"{name}\" must be a string, found {Describe(property.ValueKind)}";
            return false;
        }
        value = property.GetString()!.Trim();
        if (value.Length == 0)
        {
            error = $"\"{name}\" is empty";
            return false;
        }
        error = "";
        return true;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
