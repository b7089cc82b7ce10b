using System.Buffers;
using System.Collections.Frozen;
using System.Text;
using DeepSeek.Tokenizers.Bpe;
using DeepSeek.Tokenizers.PreTokenizers;

namespace DeepSeek.Tokenizers;

/// <summary>
/// Byte-level BPE tokenizer (GPT-2, Qwen, DeepSeek-V3, Llama-3 families), loaded with
/// <see cref="TokenizerLoader"/>. Immutable apart from an internal cache; safe to share between threads.
/// </summary>
public sealed class BpeTokenizer : ITokenizer
{
    // Tokens that end a turn or a document in the families we load; any present become end ids.
    private static readonly string[] KnownEndTokens =
    [
        "<|endoftext|>", "<|im_end|>", "<｜end▁of▁sentence｜>", "<|eot_id|>", "<|eom_id|>", "<|end_of_text|>",
        ByteTokenizer.EndOfSequenceToken, ByteTokenizer.EndOfTurnToken,
    ];

    private readonly BpeModel _model;
    private readonly IPreTokenizer _preTokenizer;
    private readonly TextNormalizer? _normalizer;
    private readonly AddedTokenSplitter _splitter;
    private readonly Dictionary<string, int> _vocabulary;
    private readonly FrozenDictionary<string, AddedToken> _addedByContent;
    private readonly byte[][] _bytesById;
    private readonly bool[] _specialById;

    internal BpeTokenizer(
        BpeModel model,
        IPreTokenizer preTokenizer,
        TextNormalizer? normalizer,
        Dictionary<string, int> vocabulary,
        IReadOnlyList<AddedToken> addedTokens,
        string? beginOfSequenceToken,
        string? endOfSequenceToken,
        bool addBeginOfSequence)
    {
        _model = model;
        _preTokenizer = preTokenizer;
        _normalizer = normalizer;
        _vocabulary = vocabulary;
        AddedTokens = addedTokens;
        _addedByContent = addedTokens
            .GroupBy(t => t.Content, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        _splitter = new AddedTokenSplitter(addedTokens);

        var maxId = Math.Max(
            vocabulary.Count == 0 ? -1 : vocabulary.Values.Max(),
            addedTokens.Count == 0 ? -1 : addedTokens.Max(t => t.Id));
        VocabularySize = maxId + 1;
        _bytesById = new byte[VocabularySize][];
        _specialById = new bool[VocabularySize];
        Array.Fill(_bytesById, []);
        foreach (var (token, id) in vocabulary)
        {
            // A few vocabularies (DeepSeek-V3) store control tokens unmapped; those are plain UTF-8.
            _bytesById[id] = ByteLevelAlphabet.TryDecode(token) ?? Encoding.UTF8.GetBytes(token);
        }

        foreach (var token in addedTokens)
        {
            _bytesById[token.Id] = Encoding.UTF8.GetBytes(token.Content);
            _specialById[token.Id] = token.Special;
        }

        BeginOfSequenceId = beginOfSequenceToken is null ? null : TokenToId(beginOfSequenceToken);
        AddBeginOfSequence = addBeginOfSequence && BeginOfSequenceId is not null;
        EndOfSequenceIds = KnownEndTokens
            .Prepend(endOfSequenceToken)
            .Select(t => t is null ? null : TokenToId(t))
            .OfType<int>()
            .ToHashSet();
    }

    /// <inheritdoc />
    public int VocabularySize { get; }

    /// <inheritdoc />
    public int? BeginOfSequenceId { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<int> EndOfSequenceIds { get; }

    /// <summary>
    /// Whether the model expects <see cref="BeginOfSequenceId"/> before a raw prompt
    /// (<c>add_bos_token</c> in tokenizer_config.json). <see cref="Encode"/> never adds it: chat templates write it themselves.
    /// </summary>
    public bool AddBeginOfSequence { get; }

    /// <summary>Tokens matched whole in the text (control tokens and other added tokens).</summary>
    public IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <summary>The merge step, for tests comparing merge strategies.</summary>
    internal BpeModel Model => _model;

    /// <inheritdoc />
    /// <remarks>
    /// With <paramref name="parseSpecialTokens"/> false every added token, special or not, is encoded
    /// as ordinary text, so user content can never smuggle in a control token such as DeepSeek's
    /// <c>&lt;｜User｜&gt;</c> (which its tokenizer.json does not flag as special).
    /// </remarks>
    public IReadOnlyList<int> Encode(string text, bool parseSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 4);
        if (!parseSpecialTokens || AddedTokens.Count == 0)
        {
            EncodeOrdinaryText(text.AsMemory(), ids);
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
                EncodeOrdinaryText(text.AsMemory(start, length), ids);
            }
        }

        return ids;
    }

    /// <inheritdoc />
    /// <remarks>Ids outside the vocabulary decode to nothing (models often pad their output layer).</remarks>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false) =>
        TokenBytesDecoder.Decode(this, ids, skipSpecialTokens);

    /// <inheritdoc />
    public ReadOnlySpan<byte> TokenBytes(int id) =>
        (uint)id < (uint)_bytesById.Length ? _bytesById[id] : [];

    /// <inheritdoc />
    public bool IsSpecial(int id) => (uint)id < (uint)_specialById.Length && _specialById[id];

    /// <inheritdoc />
    public int? TokenToId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (_addedByContent.TryGetValue(token, out var added))
        {
            return added.Id;
        }

        return _vocabulary.TryGetValue(token, out var id) ? id : null;
    }

    private void EncodeOrdinaryText(ReadOnlyMemory<char> text, List<int> ids)
    {
        if (text.IsEmpty)
        {
            return;
        }

        if (_normalizer is not null)
        {
            text = _normalizer.Normalize(text.ToString()).AsMemory();
        }

        var pieces = new List<ReadOnlyMemory<char>>();
        _preTokenizer.PreTokenize(text, pieces);
        foreach (var piece in pieces)
        {
            _model.Encode(piece.Span, ids);
        }
    }
}
