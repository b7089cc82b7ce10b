using DeepSeek.Models.Weights;
using static TorchSharp.torch;

namespace DeepSeek.Models.Tests.Weights;

// Tensors over 2 GiB are copied in slices; small slice sizes exercise that path without multi-GB test data.
public sealed class TensorBytesTests
{
    [Fact]
    public void ChunkedWriteAndReadCopyEveryByteInOrder()
    {
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        var source = TensorAssert.RandomBytes(ScalarType.Float32, [10, 101], seed: 9);
        var path = dir.File("chunks.bin");
        using (var stream = File.Create(path))
        {
            stream.Write(new byte[5]); // a non-zero starting offset, as after a header
            TensorBytes.Write(stream, source, chunkBytes: 12);
        }

        var copy = empty([10, 101], ScalarType.Float32);
        using (var handle = File.OpenHandle(path))
        {
            TensorBytes.ReadInto(handle, 5, copy, path, "source", chunkBytes: 28);
        }

        TensorAssert.BitEqual(source, copy, "source");
        Assert.Equal(5 + 4 * 1010, new FileInfo(path).Length);
    }
}
