using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepSeek.Tokenizers.Tests;

/// <summary>
/// Builds small byte-level tokenizer.json documents (256 byte symbols, a few merges, one added
/// token) so loader options can be tested without the large reference files.
/// </summary>
public static class TinyTokenizerJson
{
    // GPT-2's byte-to-character table, rebuilt independently of the library.
    private static readonly string[] ByteSymbols = BuildByteSymbols();

    public static readonly string[][] Merges = [["h", "e"], ["l", "l"], ["he", "ll"], ["hell", "o"], ["Ġ", "w"], ["o", "r"], ["Ġw", "or"]];

    public const string AddedToken = "<|x|>";

    /// <summary>A tokenizer.json; each argument replaces one section (JSON text), null keeps the default.</summary>
    public static string Build(
        string? normalizer = "null",
        string? preTokenizer = null,
        bool mergesAsStrings = false,
        bool ignoreMerges = false,
        string? decoder = null,
        string modelType = "BPE",
        bool addedTokenStrips = false)
    {
        var vocab = new JsonObject();
        for (var b = 0; b < 256; b++)
        {
            vocab[ByteSymbols[b]] = b;
        }

        var next = 256;
        foreach (var merge in Merges)
        {
            vocab[merge[0] + merge[1]] = next++;
        }

        // A whole word in the vocabulary without a merge path to it: only ignore_merges can produce it.
        vocab["Ġworld"] = next++;

        var merges = new JsonArray(Merges
            .Select(m => mergesAsStrings ? (JsonNode)JsonValue.Create($"{m[0]} {m[1]}") : new JsonArray(m[0], m[1]))
            .ToArray());

        var root = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(new JsonObject
            {
                ["id"] = next,
                ["content"] = AddedToken,
                ["special"] = true,
                ["lstrip"] = addedTokenStrips,
                ["rstrip"] = addedTokenStrips,
            }),
            ["normalizer"] = JsonNode.Parse(normalizer ?? "null"),
            ["pre_tokenizer"] = JsonNode.Parse(preTokenizer ?? """{"type":"ByteLevel","add_prefix_space":false,"use_regex":true}"""),
            ["decoder"] = JsonNode.Parse(decoder ?? """{"type":"ByteLevel"}"""),
            ["model"] = new JsonObject
            {
                ["type"] = modelType,
                ["ignore_merges"] = ignoreMerges,
                ["vocab"] = vocab,
                ["merges"] = merges,
            },
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    public static BpeTokenizer Load(string json) =>
        TokenizerLoader.FromTokenizerJson(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    public static int IdOf(string symbol) => Load(Build()).TokenToId(symbol) ?? throw new ArgumentException(symbol);

    private static string[] BuildByteSymbols()
    {
        var symbols = new string[256];
        var shifted = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
            symbols[b] = ((char)(printable ? b : shifted++)).ToString();
        }

        return symbols;
    }
}
