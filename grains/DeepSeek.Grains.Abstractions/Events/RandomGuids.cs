using System.Security.Cryptography;

namespace DeepSeek.Grains.Events;

/// <summary>
/// Random (version 4) GUIDs cut from a per-thread buffer of cryptographic random bytes. Guid.NewGuid
/// reads the system's random device once per call (a system call per completion on the platform's
/// fastest path); this reads it once per 256 ids, with the same 122 random bits in each.
/// </summary>
internal static class RandomGuids
{
    private const int PerRefill = 256;

    [ThreadStatic] private static byte[]? t_buffer;
    [ThreadStatic] private static int t_next;

    public static Guid Next()
    {
        var buffer = t_buffer ??= new byte[PerRefill * 16];
        if (t_next == 0) RandomNumberGenerator.Fill(buffer);
        var bytes = buffer.AsSpan(t_next, 16);
        t_next = (t_next + 16) % buffer.Length;
        // Guid's byte layout is little-endian for its first three fields: the version is the high nibble
        // of byte 7, the variant the top bits of byte 8 (as Guid.NewGuid sets them).
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
