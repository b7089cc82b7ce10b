using DeepSeek.Tokenizers;

namespace DeepSeek.Engine.Benchmarks;

/// <summary>Ids are bytes; the benchmark measures tokens, so text only has to decode.</summary>
internal sealed class IdTokenizer : ITokenizer
{
    public const int End = 256;

    public int VocabularySize => 320;
    public int? BeginOfSequenceId => null;
    public IReadOnlyCollection<int> EndOfSequenceIds { get; } = [End];
    public IReadOnlyList<int> Encode(string text, bool parseSpecialTokens = true) => text.Select(c => (int)(byte)c).ToArray();
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false) => string.Concat(ids.Select(i => (char)(i & 0x7f)));
    public ReadOnlySpan<byte> TokenBytes(int id) => id < 256 ? new[] { (byte)(id & 0x7f) } : [];
    public bool IsSpecial(int id) => id >= 256;
    public int? TokenToId(string token) => null;
}
