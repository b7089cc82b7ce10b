using System.Text.Json;

namespace DeepSeek.Tokenizers.HuggingFace;

/// <summary>The parts of a Hugging Face tokenizer_config.json this library uses.</summary>
/// <param name="BeginOfSequenceToken">bos_token.</param>
/// <param name="EndOfSequenceToken">eos_token.</param>
/// <param name="ChatTemplate">chat_template source (Jinja); used only to pick a template.</param>
/// <param name="AddBeginOfSequence">add_bos_token.</param>
internal sealed record TokenizerConfig(
    string? BeginOfSequenceToken,
    string? EndOfSequenceToken,
    string? ChatTemplate,
    bool AddBeginOfSequence)
{
    public const string FileName = "tokenizer_config.json";

    public static TokenizerConfig Empty { get; } = new(null, null, null, false);

    /// <summary>Reads tokenizer_config.json from the directory, or returns null when there is none.</summary>
    public static TokenizerConfig? ReadFromDirectory(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    public static TokenizerConfig Read(Stream stream)
    {
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true });
        var root = document.RootElement;
        return new TokenizerConfig(
            TokenName(root, "bos_token"),
            TokenName(root, "eos_token"),
            ChatTemplateSource(root),
            root.TryGetProperty("add_bos_token", out var addBos) && addBos.ValueKind == JsonValueKind.True);
    }

    // A token is written either as its text or as an AddedToken object with "content".
    private static string? TokenName(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Object when value.TryGetProperty("content", out var content) => content.GetString(),
                _ => null,
            }
            : null;

    // Either one template, or a list of named templates of which "default" is the chat one.
    private static string? ChatTemplateSource(JsonElement root)
    {
        if (!root.TryGetProperty("chat_template", out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var named = value.EnumerateArray()
            .Where(e => e.ValueKind == JsonValueKind.Object)
            .Select(e => (Name: e.TryGetProperty("name", out var n) ? n.GetString() : null,
                          Template: e.TryGetProperty("template", out var t) ? t.GetString() : null))
            .ToList();
        return named.FirstOrDefault(e => e.Name == "default").Template ?? named.FirstOrDefault().Template;
    }
}
