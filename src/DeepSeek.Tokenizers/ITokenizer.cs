namespace DeepSeek.Tokenizers;

/// <summary>Turns text into token ids and back; every tokenizer the platform loads implements it.</summary>
public interface ITokenizer
{
    /// <summary>Number of ids the tokenizer can produce (base vocabulary plus added tokens).</summary>
    int VocabularySize { get; }

    /// <summary>Id that begins a sequence, when the model family uses one.</summary>
    int? BeginOfSequenceId { get; }

    /// <summary>Ids that end generation (end of text, end of turn).</summary>
    IReadOnlyCollection<int> EndOfSequenceIds { get; }

    /// <summary>
    /// Encodes text. Special tokens written inside the text (for example <c>&lt;|im_start|&gt;</c>)
    /// become their ids when <paramref name="parseSpecialTokens"/> is true, and plain text otherwise.
    /// </summary>
    IReadOnlyList<int> Encode(string text, bool parseSpecialTokens = true);

    /// <summary>Decodes ids to text; invalid UTF-8 becomes U+FFFD.</summary>
    string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false);

    /// <summary>The raw bytes of one token (a special token gives its UTF-8 text), for streaming decoders.</summary>
    ReadOnlySpan<byte> TokenBytes(int id);

    /// <summary>Whether the id is a special (added, control) token.</summary>
    bool IsSpecial(int id);

    /// <summary>The id of a token written exactly as in the vocabulary or the added tokens, or null.</summary>
    int? TokenToId(string token);
}
