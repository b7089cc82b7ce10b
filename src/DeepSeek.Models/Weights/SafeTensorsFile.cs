using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepSeek.Models.Weights;

/// <summary>
/// An open safetensors file: the header is parsed and checked on open, and each tensor is read on demand
/// straight from its byte range, so a multi-GB file never has to fit in memory (or in one array) at once.
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    /// <summary>The key that holds string metadata instead of a tensor.</summary>
    public const string MetadataKey = "__metadata__";

    // The reference implementation refuses larger headers; a bigger length prefix is a corrupt file.
    private const long MaxHeaderBytes = 100_000_000;

    private readonly SafeFileHandle _file;
    private readonly long _dataStart;
    private readonly Dictionary<string, SafeTensorInfo> _tensors;

    private SafeTensorsFile(string path, SafeFileHandle file, long dataStart,
        IReadOnlyDictionary<string, string> metadata, Dictionary<string, SafeTensorInfo> tensors)
    {
        Path = path;
        _file = file;
        _dataStart = dataStart;
        Metadata = metadata;
        _tensors = tensors;
    }

    /// <summary>The file this was opened from.</summary>
    public string Path { get; }

    /// <summary>The header's <c>__metadata__</c> (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Every tensor entry, by name.</summary>
    public IReadOnlyDictionary<string, SafeTensorInfo> Tensors => _tensors;

    /// <summary>Opens and validates a file; a malformed header or data section throws <see cref="InvalidDataException"/>.</summary>
    public static SafeTensorsFile Open(string path)
    {
        if (!BitConverter.IsLittleEndian)
        {
            // Tensor bytes are copied as stored, and the format stores little-endian.
            throw new PlatformNotSupportedException("safetensors IO needs a little-endian machine.");
        }
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        try
        {
            var (dataStart, metadata, tensors) = ReadHeader(file, path);
            return new SafeTensorsFile(path, file, dataStart, metadata, tensors);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads one tensor into a new CPU tensor in its stored dtype, or, when <paramref name="floatDType"/> is
    /// given and the stored dtype is floating, converted to it (bf16/f16 → fp32 for a CPU model).
    /// The caller owns the result.
    /// </summary>
    public Tensor Read(string name, ScalarType? floatDType = null)
    {
        ObjectDisposedException.ThrowIf(_file.IsClosed, this);
        if (floatDType is { } target && !SafeTensorsDType.IsFloating(target))
        {
            throw new ArgumentException($"{target} is not a floating dtype.", nameof(floatDType));
        }
        if (!_tensors.TryGetValue(name, out var info))
        {
            throw new KeyNotFoundException($"'{Path}' has no tensor '{name}'.");
        }

        using var scope = torch.NewDisposeScope();
        var tensor = torch.empty([.. info.Shape], info.DType);
        TensorBytes.ReadInto(_file, _dataStart + info.Offset, tensor, Path, name);
        if (floatDType is { } dtype && dtype != info.DType && SafeTensorsDType.IsFloating(info.DType))
        {
            tensor = tensor.to(dtype);
        }
        return tensor.MoveToOuterDisposeScope();
    }

    /// <summary>Reads every tensor (see <see cref="Read"/>); the caller owns and disposes them.</summary>
    public Dictionary<string, Tensor> ReadAll(ScalarType? floatDType = null)
    {
        var result = new Dictionary<string, Tensor>(_tensors.Count);
        try
        {
            foreach (var info in _tensors.Values.OrderBy(t => t.Offset))
            {
                result.Add(info.Name, Read(info.Name, floatDType));
            }
            return result;
        }
        catch
        {
            foreach (var tensor in result.Values)
            {
                tensor.Dispose();
            }
            throw;
        }
    }

    public void Dispose() => _file.Dispose();

    private static (long DataStart, IReadOnlyDictionary<string, string> Metadata, Dictionary<string, SafeTensorInfo> Tensors)
        ReadHeader(SafeFileHandle file, string path)
    {
        var fileLength = RandomAccess.GetLength(file);
        if (fileLength < 8)
        {
            throw Invalid(path, $"the file is {fileLength} bytes, shorter than the 8-byte header length.");
        }
        Span<byte> prefix = stackalloc byte[8];
        RandomAccess.Read(file, prefix, 0);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes || (long)headerLength > fileLength - 8)
        {
            throw Invalid(path, $"the header claims {headerLength} bytes but the file has {fileLength - 8} after the length prefix.");
        }

        var header = new byte[headerLength];
        if (RandomAccess.Read(file, header, 8) != header.Length)
        {
            throw Invalid(path, "the header could not be read in full.");
        }
        if (header.Length == 0 || header[0] != (byte)'{')
        {
            throw Invalid(path, "the header is not a JSON object.");
        }

        var dataStart = 8 + (long)headerLength;
        var dataLength = fileLength - dataStart;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}': the header is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var metadata = new Dictionary<string, string>();
            var tensors = new Dictionary<string, SafeTensorInfo>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    ReadMetadata(property.Value, metadata, path);
                    continue;
                }
                var info = ReadEntry(property.Name, property.Value, path);
                if (!tensors.TryAdd(info.Name, info))
                {
                    throw Invalid(path, $"tensor '{info.Name}' appears twice in the header.");
                }
            }
            CheckLayout(tensors.Values, dataLength, path);
            return (dataStart, metadata, tensors);
        }
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, $"'{MetadataKey}' is not an object.");
        }
        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw Invalid(path, $"metadata '{entry.Name}' is not a string (the format allows only string values).");
            }
            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static SafeTensorInfo ReadEntry(string name, JsonElement entry, string path)
    {
        if (entry.ValueKind != JsonValueKind.Object
            || !entry.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !entry.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !entry.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(path, $"tensor '{name}' needs a string 'dtype', a 'shape' array and a 'data_offsets' array.");
        }

        var dtypeName = dtypeElement.GetString()!;
        if (!SafeTensorsDType.TryParse(dtypeName, out var dtype))
        {
            throw new NotSupportedException($"'{path}': tensor '{name}' has dtype {dtypeName}, which is not supported.");
        }

        var shape = new List<long>();
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var size) || size < 0)
            {
                throw Invalid(path, $"tensor '{name}' has a shape entry that is not a non-negative integer.");
            }
            shape.Add(size);
        }

        var offsets = offsetsElement.EnumerateArray().ToArray();
        if (offsets.Length != 2
            || offsets[0].ValueKind != JsonValueKind.Number || offsets[1].ValueKind != JsonValueKind.Number
            || !offsets[0].TryGetInt64(out var begin) || !offsets[1].TryGetInt64(out var end)
            || begin < 0 || end < begin)
        {
            throw Invalid(path, $"tensor '{name}' needs data_offsets [begin, end] with 0 <= begin <= end.");
        }

        long expected;
        try
        {
            expected = checked(shape.Aggregate(1L, (n, d) => n * d) * SafeTensorsDType.ItemSize(dtype));
        }
        catch (OverflowException)
        {
            throw Invalid(path, $"tensor '{name}' has shape {SafeTensorInfo.FormatShape(shape)}, too large to address.");
        }
        if (end - begin != expected)
        {
            throw Invalid(path,
                $"tensor '{name}' ({dtypeName} {SafeTensorInfo.FormatShape(shape)}) needs {expected} bytes but its data_offsets span {end - begin}.");
        }
        return new SafeTensorInfo(name, dtype, shape, begin, end - begin);
    }

    // The format requires the tensors to tile the data section exactly: no gaps, no overlaps, nothing past the end.
    private static void CheckLayout(IEnumerable<SafeTensorInfo> tensors, long dataLength, string path)
    {
        long position = 0;
        foreach (var info in tensors.OrderBy(t => t.Offset).ThenBy(t => t.ByteLength))
        {
            if (info.Offset != position)
            {
                throw Invalid(path, info.Offset > position
                    ? $"tensor '{info.Name}' starts at data byte {info.Offset}, leaving a gap after byte {position}."
                    : $"tensor '{info.Name}' starts at data byte {info.Offset}, overlapping the previous tensor (which ends at {position}).");
            }
            position += info.ByteLength;
            if (position > dataLength)
            {
                throw Invalid(path, $"tensor '{info.Name}' ends at data byte {position} but the file holds only {dataLength} data bytes (truncated?).");
            }
        }
        if (position != dataLength)
        {
            throw Invalid(path, $"the tensors cover {position} data bytes but the file holds {dataLength}.");
        }
    }

    private static InvalidDataException Invalid(string path, string message) => new($"'{path}': {message}");
}
