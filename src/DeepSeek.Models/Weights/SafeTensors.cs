using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using static TorchSharp.torch;

namespace DeepSeek.Models.Weights;

/// <summary>Reads and writes single safetensors files in the layout Hugging Face tools produce.</summary>
public static class SafeTensors
{
    /// <summary>The metadata every file gets: <c>transformers</c> refuses files whose format is not a known framework.</summary>
    public const string FormatKey = "format";

    private static readonly JsonWriterOptions HeaderJson = new()
    {
        // Keep tensor names readable in the header; the format is UTF-8 JSON, nothing HTML-sensitive reads it.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Loads every tensor of a file in its stored dtype, or with floating tensors converted to
    /// <paramref name="floatDType"/>. The caller owns and disposes the tensors.
    /// </summary>
    public static Dictionary<string, Tensor> Load(string path, ScalarType? floatDType = null)
    {
        using var file = SafeTensorsFile.Open(path);
        return file.ReadAll(floatDType);
    }

    /// <summary>
    /// Writes tensors to <paramref name="path"/>, replacing it atomically: keys sorted, data contiguous in key
    /// order, <c>__metadata__</c> holding <c>{"format":"pt"}</c> plus <paramref name="metadata"/>, and the
    /// header padded with spaces so the data starts on an 8-byte boundary.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors IO needs a little-endian machine.");
        }
        var ordered = tensors.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        var header = BuildHeader(ordered, metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> prefix = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
            stream.Write(prefix);
            stream.Write(header);
            foreach (var (_, tensor) in ordered)
            {
                TensorBytes.Write(stream, tensor);
            }
        });
    }

    /// <summary>Bytes a tensor takes in a safetensors data section.</summary>
    public static long ByteLength(Tensor tensor) => tensor.numel() * SafeTensorsDType.ItemSize(tensor.dtype);

    private static byte[] BuildHeader(List<KeyValuePair<string, Tensor>> ordered, IReadOnlyDictionary<string, string>? metadata)
    {
        var allMetadata = new SortedDictionary<string, string>(StringComparer.Ordinal) { [FormatKey] = "pt" };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            allMetadata[key] = value;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, HeaderJson))
        {
            json.WriteStartObject();
            json.WriteStartObject(SafeTensorsFile.MetadataKey);
            foreach (var (key, value) in allMetadata)
            {
                json.WriteString(key, value);
            }
            json.WriteEndObject();

            long offset = 0;
            foreach (var (name, tensor) in ordered)
            {
                if (name == SafeTensorsFile.MetadataKey)
                {
                    throw new ArgumentException($"'{SafeTensorsFile.MetadataKey}' is reserved and cannot name a tensor.", "tensors");
                }
                var dtype = SafeTensorsDType.NameOf(tensor.dtype);
                var length = ByteLength(tensor);
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                foreach (var dim in tensor.shape)
                {
                    json.WriteNumberValue(dim);
                }
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += length;
            }
            json.WriteEndObject();
        }

        // Pad so 8 + header length is a multiple of 8: readers can then map the data with aligned element access.
        var padding = (int)((8 - buffer.Length % 8) % 8);
        for (var i = 0; i < padding; i++)
        {
            buffer.WriteByte((byte)' ');
        }
        return buffer.ToArray();
    }
}
