using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using DeepSeek.Models.Weights;
using static TorchSharp.torch;

namespace DeepSeek.Models.Tests.Weights;

public sealed class SafeTensorsTests
{
    [Theory]
    [InlineData("F64")]
    [InlineData("F32")]
    [InlineData("F16")]
    [InlineData("BF16")]
    [InlineData("I64")]
    [InlineData("I32")]
    [InlineData("I16")]
    [InlineData("I8")]
    [InlineData("U8")]
    [InlineData("BOOL")]
    public void RoundTripIsBitExactForEveryDtype(string dtypeName)
    {
        Assert.True(SafeTensorsDType.TryParse(dtypeName, out var dtype));
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        // Random bytes include NaN payloads and subnormals for the float types: only a byte copy survives them.
        var tensors = new Dictionary<string, Tensor>
        {
            ["matrix"] = TensorAssert.RandomBytes(dtype, [3, 5], seed: 1),
            ["cube"] = TensorAssert.RandomBytes(dtype, [2, 3, 4], seed: 2),
            ["scalar"] = TensorAssert.RandomBytes(dtype, [], seed: 3),
            ["empty"] = TensorAssert.RandomBytes(dtype, [0, 4], seed: 4),
        };

        var path = dir.File("t.safetensors");
        SafeTensors.Save(path, tensors);
        var loaded = SafeTensors.Load(path);

        TensorAssert.StateDictsBitEqual(tensors, loaded);
        using var file = SafeTensorsFile.Open(path);
        Assert.All(file.Tensors.Values, info => Assert.Equal(dtype, info.DType));
    }

    [Fact]
    public void MixedDtypesAndNonContiguousTensorsRoundTrip()
    {
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        var transposed = arange(12, dtype: ScalarType.Float32).reshape(3, 4).t();
        var tensors = new Dictionary<string, Tensor>
        {
            ["a.bf16"] = TensorAssert.RandomBytes(ScalarType.BFloat16, [3], seed: 5),
            ["b.bool"] = TensorAssert.RandomBytes(ScalarType.Bool, [7], seed: 6),
            ["c.f64"] = TensorAssert.RandomBytes(ScalarType.Float64, [2, 2], seed: 7),
            ["d.transposed"] = transposed,
        };

        var path = dir.File("mixed.safetensors");
        SafeTensors.Save(path, tensors);
        var loaded = SafeTensors.Load(path);

        TensorAssert.StateDictsBitEqual(tensors, loaded);
        Assert.Equal(new float[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }, loaded["d.transposed"].data<float>().ToArray());
    }

    [Fact]
    public void HeaderIsEightByteAlignedWithSortedKeysAndFormatMetadata()
    {
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        // Inserted out of order, with an odd-length name so the raw JSON needs padding.
        var tensors = new Dictionary<string, Tensor>
        {
            ["zeta"] = ones(3, dtype: ScalarType.Float16),
            ["Alpha"] = ones(2, 2),
            ["beta.weight"] = ones(5, dtype: ScalarType.Int8),
            ["alpha"] = ones(1, dtype: ScalarType.Float64),
        };
        var path = dir.File("h.safetensors");
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["source"] = "test" });

        var bytes = File.ReadAllBytes(path);
        var headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + headerLength) % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        // Padding is spaces after the closing brace, nothing else.
        Assert.EndsWith("}", header.TrimEnd(' '));

        using var json = JsonDocument.Parse(header);
        var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["__metadata__", "Alpha", "alpha", "beta.weight", "zeta"], names);

        var metadata = json.RootElement.GetProperty("__metadata__");
        Assert.Equal("pt", metadata.GetProperty("format").GetString());
        Assert.Equal("test", metadata.GetProperty("source").GetString());

        // Data is contiguous in key order, from offset 0 to the end of the file.
        long position = 0;
        foreach (var name in names.Skip(1))
        {
            var offsets = json.RootElement.GetProperty(name).GetProperty("data_offsets");
            Assert.Equal(position, offsets[0].GetInt64());
            position = offsets[1].GetInt64();
        }
        Assert.Equal(bytes.Length - 8 - headerLength, position);
        Assert.Equal("F16", json.RootElement.GetProperty("zeta").GetProperty("dtype").GetString());

        using var file = SafeTensorsFile.Open(path);
        Assert.Equal("test", file.Metadata["source"]);
    }

    [Fact]
    public void Bf16FileLoadsAsFp32WithinBf16Rounding()
    {
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        var original = tensor(new float[] { 1.5f, -2.0f, 0.1f, 3.14159f, -1e-3f, 65504f });
        var path = dir.File("bf16.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = original.to(ScalarType.BFloat16) });

        var stored = SafeTensors.Load(path)["w"];
        var widened = SafeTensors.Load(path, ScalarType.Float32)["w"];

        Assert.Equal(ScalarType.BFloat16, stored.dtype);
        Assert.Equal(ScalarType.Float32, widened.dtype);
        var values = widened.data<float>().ToArray();
        Assert.Equal(1.5f, values[0]);
        Assert.Equal(-2.0f, values[1]);
        // bf16 keeps 8 significant bits: round to nearest is within 2^-8 relative.
        var expected = original.data<float>().ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.InRange(Math.Abs(values[i] - expected[i]), 0, Math.Abs(expected[i]) / 256);
        }
        Assert.NotEqual(expected[2], values[2]);
    }

    [Fact]
    public void ReaderAcceptsFilesWhoseDataIsNotInKeyOrder()
    {
        // The reference writer orders data by dtype alignment before name, so key order and data order can differ.
        using var dir = new TempDirectory();
        var path = dir.File("reordered.safetensors");
        var header = "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"a\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[8,12]},"
            + "\"b\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]}}";
        byte[] data = [0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 7, 0, 0xFF, 0xFF];
        RawSafeTensors.Write(path, header, data);

        var loaded = SafeTensors.Load(path);

        Assert.Equal(new short[] { 7, -1 }, loaded["a"].data<short>().ToArray());
        Assert.Equal(1.5, loaded["b"].item<double>());
        foreach (var t in loaded.Values)
        {
            t.Dispose();
        }
    }

    [Fact]
    public void IntegerTensorsIgnoreTheFloatConversion()
    {
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        var path = dir.File("ints.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["ids"] = arange(4, dtype: ScalarType.Int64) });

        var loaded = SafeTensors.Load(path, ScalarType.Float32)["ids"];

        Assert.Equal(ScalarType.Int64, loaded.dtype);
        Assert.Equal(new long[] { 0, 1, 2, 3 }, loaded.data<long>().ToArray());
    }

    [Fact]
    public void SavingANameReservedForMetadataThrows()
    {
        using var dir = new TempDirectory();
        using var t = ones(1);
        Assert.Throws<ArgumentException>(() =>
            SafeTensors.Save(dir.File("x.safetensors"), new Dictionary<string, Tensor> { ["__metadata__"] = t }));
    }

    [Fact]
    public void ReadingAMissingTensorNamesItAndTheFile()
    {
        using var dir = new TempDirectory();
        using var t = ones(1);
        var path = dir.File("one.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["present"] = t });
        using var file = SafeTensorsFile.Open(path);

        var error = Assert.Throws<KeyNotFoundException>(() => file.Read("absent"));

        Assert.Contains("absent", error.Message);
        Assert.Contains(path, error.Message);
    }
}
