using System.Buffers.Binary;
using DeepSeek.Models.Weights;
using static TorchSharp.torch;

namespace DeepSeek.Models.Tests.Weights;

public sealed class SafeTensorsCorruptionTests
{
    [Fact]
    public void TruncatedFileThrowsInvalidDataNamingFileAndTensor()
    {
        using var dir = new TempDirectory();
        var path = dir.File("cut.safetensors");
        using (var a = ones(4))
        using (var b = ones(8))
        {
            SafeTensors.Save(path, new Dictionary<string, Tensor> { ["a"] = a, ["b"] = b });
        }
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^3]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Open(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("'b'", error.Message);
    }

    [Fact]
    public void FileShorterThanTheLengthPrefixThrowsInvalidData()
    {
        using var dir = new TempDirectory();
        var path = dir.File("tiny.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);

        Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Open(path));
    }

    [Fact]
    public void HeaderLengthPastTheEndOfTheFileThrowsInvalidData()
    {
        using var dir = new TempDirectory();
        var path = dir.File("long.safetensors");
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1_000);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Open(path));

        Assert.Contains(path, error.Message);
    }

    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]", 8, "JSON")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "'w'")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "'w'")]
    [InlineData("{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]}}", 6, "'b'")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 12, "cover 8")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, "'w'")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[\"0\",8]}}", 8, "'w'")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8, "'w'")]
    [InlineData("{\"__metadata__\":{\"format\":1}}", 0, "format")]
    [InlineData("[1,2]", 0, "JSON object")]
    public void MalformedHeaderThrowsInvalidDataExplainingWhy(string header, int dataBytes, string expectedInMessage)
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.safetensors");
        RawSafeTensors.Write(path, header, new byte[dataBytes]);

        var error = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Open(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(expectedInMessage, error.Message);
    }

    [Fact]
    public void UnsupportedDtypeIsNamed()
    {
        using var dir = new TempDirectory();
        var path = dir.File("fp8.safetensors");
        RawSafeTensors.Write(path, "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]);

        var error = Assert.Throws<NotSupportedException>(() => SafeTensorsFile.Open(path));

        Assert.Contains("F8_E4M3", error.Message);
        Assert.Contains("'w'", error.Message);
    }
}
