using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DeepSeek.Tokenizers.Bpe;
using DeepSeek.Tokenizers.Chat;

namespace DeepSeek.Tokenizers;

/// <summary>
/// Tokenizer for the small built-in models: ids 0..255 are the bytes of the UTF-8 text, followed by
/// a fixed list of special tokens (<see cref="SpecialTokens"/>). <see cref="Save"/> writes it as a
/// Hugging Face tokenizer.json (256 byte symbols in id order, no merges), so a model directory
/// loads it back through <see cref="TokenizerLoader.FromDirectory"/> with identical ids.
/// </summary>
public sealed class ByteTokenizer : ITokenizer
{
    /// <summary>Begins every sequence.</summary>
    public const string BeginOfSequenceToken = "<|bos|>";

    /// <summary>Ends a document.</summary>
    public const string EndOfSequenceToken = "<|eos|>";

    /// <summary>Fills batches; never generated.</summary>
    public const string PaddingToken = "<|pad|>";

    /// <summary>Starts a system turn in the plain chat template.</summary>
    public const string SystemToken = "<|system|>";

    /// <summary>Starts a user turn.</summary>
    public const string UserToken = "<|user|>";

    /// <summary>Starts an assistant turn.</summary>
    public const string AssistantToken = "<|assistant|>";

    /// <summary>Starts a tool-output turn.</summary>
    public const string ToolToken = "<|tool|>";

    /// <summary>Ends any turn.</summary>
    public const string EndOfTurnToken = "<|end|>";

    /// <summary>Number of byte ids before the special tokens.</summary>
    public const int ByteCount = 256;

    // The id of each special token is ByteCount plus its index here; never reorder, only append.
    private static readonly string[] SpecialTokenTexts =
    [
        BeginOfSequenceToken, EndOfSequenceToken, PaddingToken,
        SystemToken, UserToken, AssistantToken, ToolToken, EndOfTurnToken,
    ];

    // Ids 0..255 as one-byte spans of a single array.
    private static readonly byte[] AllBytes = Enumerable.Range(0, ByteCount).Select(b => (byte)b).ToArray();

    private static readonly byte[][] SpecialBytes = SpecialTokenTexts.Select(Encoding.UTF8.GetBytes).ToArray();

    private static readonly AddedToken[] AddedTokens =
        SpecialTokenTexts.Select((t, i) => new AddedToken(ByteCount + i, t, Special: true)).ToArray();

    private readonly AddedTokenSplitter _splitter = new(AddedTokens);

    /// <summary>The special tokens in id order; the first has id <see cref="ByteCount"/>.</summary>
    public static IReadOnlyList<string> SpecialTokens { get; } = Array.AsReadOnly(SpecialTokenTexts);

    /// <inheritdoc />
    public int VocabularySize => ByteCount + SpecialTokens.Count;

    /// <inheritdoc />
    public int? BeginOfSequenceId { get; } = IdOf(BeginOfSequenceToken);

    /// <summary>Id of <see cref="PaddingToken"/>.</summary>
    public int PaddingId { get; } = IdOf(PaddingToken);

    /// <inheritdoc />
    public IReadOnlyCollection<int> EndOfSequenceIds { get; } = [IdOf(EndOfSequenceToken), IdOf(EndOfTurnToken)];

    /// <inheritdoc />
    public IReadOnlyList<int> Encode(string text, bool parseSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length + 4);
        if (!parseSpecialTokens)
        {
            AddBytes(text.AsSpan(), ids);
            return ids;
        }

        foreach (var (start, length, token) in _splitter.Split(text))
        {
            if (token is not null)
            {
                ids.Add(token.Id);
            }
            else
            {
                AddBytes(text.AsSpan(start, length), ids);
            }
        }

        return ids;
    }

    /// <inheritdoc />
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false) =>
        TokenBytesDecoder.Decode(this, ids, skipSpecialTokens);

    /// <inheritdoc />
    public ReadOnlySpan<byte> TokenBytes(int id) => id switch
    {
        >= 0 and < ByteCount => AllBytes.AsSpan(id, 1),
        _ when IsSpecial(id) => SpecialBytes[id - ByteCount],
        _ => [],
    };

    /// <inheritdoc />
    public bool IsSpecial(int id) => id >= ByteCount && id < VocabularySize;

    /// <inheritdoc />
    /// <remarks>A byte is spelled as in the saved tokenizer.json: GPT-2's character for it (space is 'Ġ').</remarks>
    public int? TokenToId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var special = IdOf(token);
        if (special >= 0)
        {
            return special;
        }

        return token.Length == 1 && ByteLevelAlphabet.TryDecode(token) is [var b] ? b : null;
    }

    /// <summary>
    /// Writes tokenizer.json and tokenizer_config.json (bos/eos names and the plain chat template as
    /// Jinja) into <paramref name="directory"/>, creating it if needed.
    /// </summary>
    public void Save(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        WriteJson(Path.Combine(directory, TokenizerLoader.TokenizerJsonFile), WriteTokenizerJson);
        WriteJson(Path.Combine(directory, TokenizerLoader.TokenizerConfigFile), WriteTokenizerConfig);
    }

    private static int IdOf(string token) => Array.IndexOf(SpecialTokenTexts, token) is var i and >= 0 ? ByteCount + i : -1;

    private static void AddBytes(ReadOnlySpan<char> text, List<int> ids)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            var count = Encoding.UTF8.GetBytes(text, rented);
            foreach (var b in rented.AsSpan(0, count))
            {
                ids.Add(b);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void WriteJson(string path, Action<Utf8JsonWriter> write)
    {
        using var stream = File.Create(path);
        // Relaxed escaping keeps '<|bos|>' and the byte symbols readable; the files are not HTML.
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        write(writer);
    }

    private static void WriteTokenizerJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("version", "1.0");
        writer.WriteNull("truncation");
        writer.WriteNull("padding");
        writer.WriteStartArray("added_tokens");
        foreach (var token in AddedTokens)
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", token.Id);
            writer.WriteString("content", token.Content);
            writer.WriteBoolean("single_word", false);
            writer.WriteBoolean("lstrip", false);
            writer.WriteBoolean("rstrip", false);
            writer.WriteBoolean("normalized", false);
            writer.WriteBoolean("special", true);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNull("normalizer");
        // No regex split: with no merges every byte is its own token anyway.
        WriteByteLevel(writer, "pre_tokenizer");
        writer.WriteNull("post_processor");
        WriteByteLevel(writer, "decoder");
        writer.WriteStartObject("model");
        writer.WriteString("type", "BPE");
        writer.WriteNull("dropout");
        writer.WriteNull("unk_token");
        writer.WriteNull("continuing_subword_prefix");
        writer.WriteNull("end_of_word_suffix");
        writer.WriteBoolean("fuse_unk", false);
        writer.WriteBoolean("byte_fallback", false);
        writer.WriteBoolean("ignore_merges", false);
        writer.WriteStartObject("vocab");
        for (var b = 0; b < ByteCount; b++)
        {
            writer.WriteNumber(ByteLevelAlphabet.ByteToChar[b].ToString(), b);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("merges");
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteByteLevel(Utf8JsonWriter writer, string property)
    {
        writer.WriteStartObject(property);
        writer.WriteString("type", "ByteLevel");
        writer.WriteBoolean("add_prefix_space", false);
        writer.WriteBoolean("trim_offsets", true);
        writer.WriteBoolean("use_regex", false);
        writer.WriteEndObject();
    }

    private static void WriteTokenizerConfig(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("tokenizer_class", "PreTrainedTokenizerFast");
        writer.WriteString("bos_token", BeginOfSequenceToken);
        writer.WriteString("eos_token", EndOfSequenceToken);
        writer.WriteString("pad_token", PaddingToken);
        writer.WriteBoolean("add_bos_token", false);
        writer.WriteBoolean("clean_up_tokenization_spaces", false);
        writer.WriteString("chat_template", PlainTemplate.JinjaSource);
        writer.WriteEndObject();
    }
}
