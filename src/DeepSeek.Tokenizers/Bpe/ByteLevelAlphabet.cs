namespace DeepSeek.Tokenizers.Bpe;

/// <summary>
/// GPT-2's reversible byte-to-character table: every byte maps to one printable character, so a
/// byte-level vocabulary can be stored as ordinary strings (a space becomes 'Ġ', a newline 'Ċ').
/// </summary>
internal static class ByteLevelAlphabet
{
    /// <summary>Character that stands for each byte value.</summary>
    public static IReadOnlyList<char> ByteToChar { get; } = BuildByteToChar();

    private static readonly Dictionary<char, byte> CharToByte =
        Enumerable.Range(0, 256).ToDictionary(b => ByteToChar[b], b => (byte)b);

    /// <summary>The bytes a vocabulary string stands for, or null when it holds a character outside the table.</summary>
    public static byte[]? TryDecode(string token)
    {
        var bytes = new byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            if (!CharToByte.TryGetValue(token[i], out bytes[i]))
            {
                return null;
            }
        }

        return bytes;
    }

    /// <summary>The vocabulary spelling of raw bytes.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = ByteToChar[bytes[i]];
        }

        return new string(chars);
    }

    private static char[] BuildByteToChar()
    {
        // Printable Latin-1 bytes keep their own character; the rest (controls, space, soft hyphen)
        // are shifted to 256 and up in byte order, exactly as GPT-2's bytes_to_unicode does.
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)next++;
        }

        return table;
    }
}
