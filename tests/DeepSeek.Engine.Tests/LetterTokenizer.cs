using System.Text;
using DeepSeek.Tokenizers;

namespace DeepSeek.Engine.Tests;

/// <summary>A tokenizer whose ids are letters (id i is the i-th of 62 ASCII characters) plus one end id, so texts stay readable.</summary>
internal sealed class LetterTokenizer : ITokenizer
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    public const int End = 62;

    public int VocabularySize => 63;
    public int? BeginOfSequenceId => null;
    public IReadOnlyCollection<int> EndOfSequenceIds { get; } = [End];

    public IReadOnlyList<int> Encode(string text, bool parseSpecialTokens = true) =>
        text.Select(c => Alphabet.IndexOf(c)).Select(i => i < 0 ? 0 : i).ToArray();

    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false) =>
        string.Concat(ids.Where(i => i != End).Select(i => Alphabet[i]));

    public ReadOnlySpan<byte> TokenBytes(int id) => id == End ? [] : Encoding.ASCII.GetBytes(Alphabet[id].ToString());
    public bool IsSpecial(int id) => id == End;
    public int? TokenToId(string token) => token.Length == 1 && Alphabet.Contains(token[0]) ? Alphabet.IndexOf(token[0]) : null;
}
