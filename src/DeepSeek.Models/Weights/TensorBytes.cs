using Microsoft.Win32.SafeHandles;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepSeek.Models.Weights;

/// <summary>
/// Moves tensor data between files and tensor storage without an intermediate managed array.
/// <see cref="Tensor.bytes"/> is a <see cref="Span{T}"/>, so one span cannot exceed 2 GiB; large tensors
/// (a 128k x 8k embedding in fp32 is 4 GiB) are therefore copied in slices of a flat view.
/// </summary>
internal static class TensorBytes
{
    internal const long DefaultChunkBytes = 1L << 30;

    /// <summary>Fills a contiguous CPU tensor with the bytes at <paramref name="fileOffset"/>.</summary>
    internal static void ReadInto(
        SafeFileHandle file, long fileOffset, Tensor destination, string path, string name,
        long chunkBytes = DefaultChunkBytes)
    {
        using var scope = torch.NewDisposeScope();
        var flat = destination.reshape(-1);
        var itemSize = SafeTensorsDType.ItemSize(destination.dtype);
        var perChunk = Math.Max(1, chunkBytes / itemSize);
        var count = flat.shape[0];
        for (long start = 0; start < count; start += perChunk)
        {
            var span = flat.narrow(0, start, Math.Min(perChunk, count - start)).bytes;
            ReadExactly(file, span, fileOffset + start * itemSize, path, name);
        }
    }

    /// <summary>Writes a tensor's elements in row-major order, whatever its device or layout.</summary>
    internal static void Write(Stream stream, Tensor tensor, long chunkBytes = DefaultChunkBytes)
    {
        using var scope = torch.NewDisposeScope();
        // detach: parameters carry autograd state, and a contiguous CPU copy is all the file needs.
        var source = tensor.detach();
        if (source.device_type != DeviceType.CPU)
        {
            source = source.cpu();
        }
        var flat = source.contiguous().reshape(-1);
        var itemSize = SafeTensorsDType.ItemSize(tensor.dtype);
        var perChunk = Math.Max(1, chunkBytes / itemSize);
        var count = flat.shape[0];
        for (long start = 0; start < count; start += perChunk)
        {
            stream.Write(flat.narrow(0, start, Math.Min(perChunk, count - start)).bytes);
        }
    }

    private static void ReadExactly(SafeFileHandle file, Span<byte> buffer, long offset, string path, string name)
    {
        while (!buffer.IsEmpty)
        {
            var read = RandomAccess.Read(file, buffer, offset);
            if (read == 0)
            {
                // The header was checked against the file length on open, so this means the file shrank since.
                throw new InvalidDataException($"'{path}': tensor '{name}' ends past the end of the file (truncated while open?).");
            }
            buffer = buffer[read..];
            offset += read;
        }
    }
}
