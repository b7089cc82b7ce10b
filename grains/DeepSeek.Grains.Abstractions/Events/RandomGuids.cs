namespace DeepSeek.Grains.Events;

/// <summary>
/// Random (version 4) GUIDs from <see cref="RandomBytes"/>. Guid.NewGuid reads the system's random
/// device once per call (a system call per completion on the platform's fastest path); this has the
/// same 122 random bits in each id.
/// </summary>
internal static class RandomGuids
{
    public static Guid Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomBytes.Fill(bytes);
        // Guid's byte layout is little-endian for its first three fields: the version is the high nibble
        // of byte 7, the variant the top bits of byte 8 (as Guid.NewGuid sets them).
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
