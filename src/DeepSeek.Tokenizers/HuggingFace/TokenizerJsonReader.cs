using System.Text;
using System.Text.Json;
using DeepSeek.Tokenizers.Bpe;
using DeepSeek.Tokenizers.PreTokenizers;

namespace DeepSeek.Tokenizers.HuggingFace;

/// <summary>
/// Builds a <see cref="BpeTokenizer"/> from a Hugging Face tokenizer.json describing a byte-level
/// BPE model. Anything the tokenizer would silently get wrong is refused with a NotSupportedException.
/// </summary>
internal static class TokenizerJsonReader
{
    public static BpeTokenizer Read(Stream tokenizerJson, TokenizerConfig config)
    {
        using var document = JsonDocument.Parse(tokenizerJson, new JsonDocumentOptions { MaxDepth = 256 });
        var root = document.RootElement;

        var normalizer = ReadNormalizer(Property(root, "normalizer"));
        var byteLevelSeen = false;
        var preTokenizer = ReadPreTokenizer(Property(root, "pre_tokenizer"), ref byteLevelSeen)
            ?? throw new NotSupportedException("tokenizer.json has no pre_tokenizer; only byte-level BPE is supported.");
        if (!byteLevelSeen)
        {
            throw new NotSupportedException("tokenizer.json pre_tokenizer has no ByteLevel step; only byte-level BPE is supported.");
        }

        CheckDecoder(Property(root, "decoder"));

        var model = Property(root, "model") ?? throw new InvalidDataException("tokenizer.json has no model.");
        var vocabulary = ReadVocabulary(model);
        var bpe = new BpeModel(
            vocabulary,
            ReadMerges(model),
            Property(model, "unk_token")?.GetString(),
            Property(model, "ignore_merges")?.ValueKind == JsonValueKind.True);

        var addedTokens = new List<AddedToken>();
        if (Property(root, "added_tokens") is { ValueKind: JsonValueKind.Array } added)
        {
            foreach (var token in added.EnumerateArray())
            {
                addedTokens.Add(new AddedToken(
                    token.GetProperty("id").GetInt32(),
                    token.GetProperty("content").GetString() ?? "",
                    Flag(token, "special"),
                    Flag(token, "lstrip"),
                    Flag(token, "rstrip")));
            }
        }

        return new BpeTokenizer(
            bpe, preTokenizer, normalizer, vocabulary, addedTokens,
            config.BeginOfSequenceToken, config.EndOfSequenceToken, config.AddBeginOfSequence);
    }

    private static Dictionary<string, int> ReadVocabulary(JsonElement model)
    {
        var type = Property(model, "type")?.GetString();
        if (type is not null and not "BPE")
        {
            throw new NotSupportedException($"tokenizer.json model type '{type}' is not supported; only byte-level BPE is.");
        }

        if (Property(model, "byte_fallback")?.ValueKind == JsonValueKind.True)
        {
            throw new NotSupportedException("tokenizer.json BPE with byte_fallback (SentencePiece style) is not supported.");
        }

        foreach (var affix in (string[])["continuing_subword_prefix", "end_of_word_suffix"])
        {
            if (Property(model, affix)?.GetString() is { Length: > 0 } value)
            {
                throw new NotSupportedException($"tokenizer.json BPE {affix} '{value}' is not supported.");
            }
        }

        var vocab = Property(model, "vocab") ?? throw new InvalidDataException("tokenizer.json model has no vocab.");
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in vocab.EnumerateObject())
        {
            vocabulary[entry.Name] = entry.Value.GetInt32();
        }

        return vocabulary;
    }

    // Merges come as "left right" strings (older files) or as [left, right] pairs (newer files).
    private static List<(string Left, string Right)> ReadMerges(JsonElement model)
    {
        var merges = new List<(string Left, string Right)>();
        if (Property(model, "merges") is not { ValueKind: JsonValueKind.Array } array)
        {
            return merges;
        }

        foreach (var merge in array.EnumerateArray())
        {
            if (merge.ValueKind == JsonValueKind.Array)
            {
                merges.Add((merge[0].GetString()!, merge[1].GetString()!));
            }
            else
            {
                merges.Add(SplitMerge(merge.GetString()!));
            }
        }

        return merges;
    }

    /// <summary>Splits an old-style "left right" merge line.</summary>
    internal static (string Left, string Right) SplitMerge(string line)
    {
        var space = line.IndexOf(' ', 1);
        if (space < 0)
        {
            throw new InvalidDataException($"Merge '{line}' is not two tokens separated by a space.");
        }

        return (line[..space], line[(space + 1)..]);
    }

    private static TextNormalizer? ReadNormalizer(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Object } normalizer)
        {
            return null;
        }

        var forms = new List<NormalizationForm>();
        AddForms(normalizer, forms);
        return forms.Count == 0 ? null : new TextNormalizer(forms);

        static void AddForms(JsonElement normalizer, List<NormalizationForm> forms)
        {
            var type = normalizer.GetProperty("type").GetString();
            switch (type)
            {
                case "NFC": forms.Add(NormalizationForm.FormC); break;
                case "NFD": forms.Add(NormalizationForm.FormD); break;
                case "NFKC": forms.Add(NormalizationForm.FormKC); break;
                case "NFKD": forms.Add(NormalizationForm.FormKD); break;
                case "Sequence":
                    foreach (var inner in normalizer.GetProperty("normalizers").EnumerateArray())
                    {
                        AddForms(inner, forms);
                    }

                    break;
                default:
                    throw new NotSupportedException(
                        $"tokenizer.json normalizer '{type}' is not supported (supported: none, NFC, NFD, NFKC, NFKD, or a Sequence of those).");
            }
        }
    }

    private static IPreTokenizer? ReadPreTokenizer(JsonElement? element, ref bool byteLevelSeen)
    {
        if (element is not { ValueKind: JsonValueKind.Object } preTokenizer)
        {
            return null;
        }

        var type = preTokenizer.GetProperty("type").GetString();
        switch (type)
        {
            case "ByteLevel":
                byteLevelSeen = true;
                // The reference defaults are add_prefix_space = true and use_regex = true.
                return new ByteLevelPreTokenizer(
                    Property(preTokenizer, "add_prefix_space")?.ValueKind != JsonValueKind.False,
                    Property(preTokenizer, "use_regex")?.ValueKind != JsonValueKind.False);
            case "Split":
                return ReadSplit(preTokenizer);
            case "Sequence":
                var stages = new List<IPreTokenizer>();
                foreach (var inner in preTokenizer.GetProperty("pretokenizers").EnumerateArray())
                {
                    stages.Add(ReadPreTokenizer(inner, ref byteLevelSeen)!);
                }

                return new SequencePreTokenizer(stages);
            default:
                throw new NotSupportedException(
                    $"tokenizer.json pre_tokenizer '{type}' is not supported (supported: ByteLevel, Split, Sequence).");
        }
    }

    private static SplitPreTokenizer ReadSplit(JsonElement split)
    {
        var pattern = split.GetProperty("pattern");
        CodePointRegex regex;
        if (Property(pattern, "Regex")?.GetString() is { } source)
        {
            regex = CodePointRegex.FromRustPattern(source);
        }
        else if (Property(pattern, "String")?.GetString() is { } literal)
        {
            regex = CodePointRegex.FromLiteral(literal);
        }
        else
        {
            throw new InvalidDataException("tokenizer.json Split pattern has neither Regex nor String.");
        }

        var behaviorName = Property(split, "behavior")?.GetString() ?? nameof(SplitBehavior.Isolated);
        if (!Enum.TryParse<SplitBehavior>(behaviorName, ignoreCase: false, out var behavior) || !Enum.IsDefined(behavior))
        {
            throw new NotSupportedException($"tokenizer.json Split behavior '{behaviorName}' is not supported.");
        }

        return new SplitPreTokenizer(regex, behavior, Flag(split, "invert"));
    }

    private static void CheckDecoder(JsonElement? element)
    {
        if (element is { ValueKind: JsonValueKind.Object } decoder
            && decoder.GetProperty("type").GetString() is var type and not "ByteLevel")
        {
            throw new NotSupportedException($"tokenizer.json decoder '{type}' is not supported; only ByteLevel is.");
        }
    }

    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    private static bool Flag(JsonElement element, string name) =>
        Property(element, name)?.ValueKind == JsonValueKind.True;
}
