using System.Text;

namespace DeepSeek.Tokenizers;

/// <summary>
/// Decodes generated ids one at a time for streaming. A token can end in the middle of a UTF-8
/// character (byte-level vocabularies split emoji and CJK characters across tokens); those bytes
/// are held back until the character is complete, so no chunk ever carries a spurious U+FFFD.
/// One instance per request; not thread-safe.
/// </summary>
public sealed class StreamingDetokenizer
{
    private readonly ITokenizer _tokenizer;
    private readonly bool _skipSpecialTokens;

    // The framework's UTF-8 decoder keeps an incomplete trailing sequence between calls.
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private char[] _chars = new char[64];

    /// <param name="tokenizer">The tokenizer the ids come from.</param>
    /// <param name="skipSpecialTokens">Emit nothing for special tokens, as <see cref="ITokenizer.Decode"/> does.</param>
    public StreamingDetokenizer(ITokenizer tokenizer, bool skipSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _tokenizer = tokenizer;
        _skipSpecialTokens = skipSpecialTokens;
    }

    /// <summary>Adds one id and returns the text it completes (possibly empty).</summary>
    public string Push(int id)
    {
        if (_skipSpecialTokens && _tokenizer.IsSpecial(id))
        {
            return "";
        }

        return DecodeBytes(_tokenizer.TokenBytes(id), flush: false);
    }

    /// <summary>
    /// Ends the stream: returns whatever is still held back, with U+FFFD for an incomplete character.
    /// The concatenation of every <see cref="Push"/> and this equals <see cref="ITokenizer.Decode"/> of all ids.
    /// </summary>
    public string Flush() => DecodeBytes([], flush: true);

    private string DecodeBytes(ReadOnlySpan<byte> bytes, bool flush)
    {
        // At most three held-back bytes plus the new ones, one char each at worst.
        var needed = bytes.Length + 4;
        if (_chars.Length < needed)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        var count = _decoder.GetChars(bytes, _chars, flush);
        return count == 0 ? "" : new string(_chars, 0, count);
    }
}
