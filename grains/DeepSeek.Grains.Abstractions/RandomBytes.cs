using System.Security.Cryptography;

namespace DeepSeek.Grains;

/// <summary>
/// Cryptographic random bytes cut from a per-thread buffer that is refilled from the system's generator
/// once per 4 KiB. The platform's fastest path needs random ids per request (completion ids, event ids);
/// asking the generator each time costs a lock and a process-id check inside the crypto library per call.
/// </summary>
public static class RandomBytes
{
    private const int BufferSize = 4096;

    [ThreadStatic] private static byte[]? t_buffer;
    [ThreadStatic] private static int t_next;

    /// <summary>Fills <paramref name="destination"/> with random bytes (never the same bytes twice).</summary>
    public static void Fill(Span<byte> destination)
    {
        if (destination.Length > BufferSize / 4)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }
        var buffer = t_buffer ??= new byte[BufferSize];
        if (t_next == 0 || t_next + destination.Length > BufferSize)
        {
            RandomNumberGenerator.Fill(buffer);
            t_next = 0;
        }
        var source = buffer.AsSpan(t_next, destination.Length);
        source.CopyTo(destination);
        // Handed-out bytes are wiped, so a later read of the buffer cannot reveal earlier ids.
        source.Clear();
        t_next += destination.Length;
        if (t_next == BufferSize) t_next = 0;
    }

    /// <summary><paramref name="prefix"/> followed by <paramref name="byteCount"/> (at most 64) random bytes in lower-case hex.</summary>
    public static string HexId(string prefix, int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(byteCount, 64);
        Span<byte> bytes = stackalloc byte[byteCount];
        Fill(bytes);
        Span<char> chars = stackalloc char[prefix.Length + byteCount * 2];
        prefix.CopyTo(chars);
        Convert.TryToHexStringLower(bytes, chars[prefix.Length..], out _);
        return new string(chars);
    }
}
