using System.Text;
using DeepSeek.Tokenizers;

namespace DeepSeek.Training.Tests;

/// <summary>Ids 0-255 are UTF-8 bytes; three ChatML specials follow. Small, exact and easy to read back.</summary>
internal sealed class ByteTokenizer : ITokenizer
{
    public const int EndOfText = 256;
    public const int ImStart = 257;
    public const int ImEnd = 258;
    private static readonly string[] Specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];

    public int VocabularySize => 259;
    public int? BeginOfSequenceId => null;
    public IReadOnlyCollection<int> EndOfSequenceIds { get; } = [EndOfText, ImEnd];

    public IReadOnlyList<int> Encode(string text, bool parseSpecialTokens = true)
    {
        var ids = new List<int>();
        var plainStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!parseSpecialTokens) break;
            var special = Array.FindIndex(Specials, s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0);
            if (special < 0) continue;
            ids.AddRange(Encoding.UTF8.GetBytes(text[plainStart..i]).Select(b => (int)b));
            ids.Add(256 + special);
            i += Specials[special].Length - 1;
            plainStart = i + 1;
        }
        ids.AddRange(Encoding.UTF8.GetBytes(text[plainStart..]).Select(b => (int)b));
        return ids;
    }

    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            if (id < 256) bytes.Add((byte)id);
            else if (!skipSpecialTokens) bytes.AddRange(Encoding.UTF8.GetBytes(Specials[id - 256]));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    public ReadOnlySpan<byte> TokenBytes(int id) => id < 256 ? new[] { (byte)id } : Encoding.UTF8.GetBytes(Specials[id - 256]);
    public bool IsSpecial(int id) => id >= 256;
    public int? TokenToId(string token) => Array.IndexOf(Specials, token) is var i and >= 0 ? 256 + i : null;
}
