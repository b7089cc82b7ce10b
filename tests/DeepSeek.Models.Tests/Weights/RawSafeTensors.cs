using System.Buffers.Binary;
using System.Text;

namespace DeepSeek.Models.Tests.Weights;

/// <summary>Writes safetensors files byte by byte, to build files the real writer never would.</summary>
internal static class RawSafeTensors
{
    public static void Write(string path, string header, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        File.WriteAllBytes(path, bytes);
    }
}
