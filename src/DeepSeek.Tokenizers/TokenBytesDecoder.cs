using System.Buffers;
using System.Text;

namespace DeepSeek.Tokenizers;

/// <summary>Decoding shared by the byte-oriented tokenizers: concatenate each id's bytes, then read UTF-8 once.</summary>
internal static class TokenBytesDecoder
{
    public static string Decode(ITokenizer tokenizer, IEnumerable<int> ids, bool skipSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var buffer = new ArrayBufferWriter<byte>(256);
        foreach (var id in ids)
        {
            if (!skipSpecialTokens || !tokenizer.IsSpecial(id))
            {
                buffer.Write(tokenizer.TokenBytes(id));
            }
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
