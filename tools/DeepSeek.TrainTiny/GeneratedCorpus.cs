using System.Text.Encodings.Web;
using System.Text.Json;
using DeepSeek.Tokenizers;

namespace DeepSeek.TrainTiny;

/// <summary>
/// The expanded corpus, split into training and held-out parts, and its files: plain text as JSONL of
/// <c>{"text": ...}</c>, conversations in the OpenAI chat format the trainer's chat loader reads.
/// </summary>
internal sealed record GeneratedCorpus(
    IReadOnlyList<string> PlainTrain,
    IReadOnlyList<string> PlainHeldOut,
    IReadOnlyList<IReadOnlyList<ChatMessage>> ChatTrain,
    IReadOnlyList<IReadOnlyList<ChatMessage>> ChatHeldOut)
{
    public const string PlainTrainFile = "plain-train.jsonl";
    public const string PlainHeldOutFile = "plain-heldout.jsonl";
    public const string ChatTrainFile = "chat-train.jsonl";
    public const string ChatHeldOutFile = "chat-heldout.jsonl";

    // Readable UTF-8 (no \u escapes for '<', '+' or quotes): the files are meant to be read by people too.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the four files; the same corpus always gives the same bytes.</summary>
    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        WriteLines(Path.Combine(directory, PlainTrainFile), PlainTrain.Select(t => JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = t }, Json)));
        WriteLines(Path.Combine(directory, PlainHeldOutFile), PlainHeldOut.Select(t => JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = t }, Json)));
        WriteLines(Path.Combine(directory, ChatTrainFile), ChatTrain.Select(Conversation));
        WriteLines(Path.Combine(directory, ChatHeldOutFile), ChatHeldOut.Select(Conversation));
    }

    /// <summary>The documents of a plain-text JSONL file, in order.</summary>
    public static IReadOnlyList<string> ReadPlain(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l =>
        {
            using var document = JsonDocument.Parse(l);
            return document.RootElement.GetProperty("text").GetString()!;
        }).ToArray();

    private static string Conversation(IReadOnlyList<ChatMessage> messages) =>
        JsonSerializer.Serialize(new { messages = messages.Select(m => new { role = m.Role, content = m.Content }) }, Json);

    private static void WriteLines(string path, IEnumerable<string> lines)
    {
        // LF endings on every platform, so the committed files do not change with the machine that wrote them.
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        foreach (var line in lines) writer.WriteLine(line);
    }
}
