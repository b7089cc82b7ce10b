using static TorchSharp.torch;

namespace DeepSeek.Models.Tests.Weights;

/// <summary>Tensor comparisons that report which key differs.</summary>
internal static class TensorAssert
{
    /// <summary>Same dtype, same shape, same bytes (so NaN payloads and -0.0 count too).</summary>
    public static void BitEqual(Tensor expected, Tensor actual, string key)
    {
        Assert.True(expected.dtype == actual.dtype, $"{key}: dtype {actual.dtype}, expected {expected.dtype}");
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{key}: shape [{string.Join(", ", actual.shape)}], expected [{string.Join(", ", expected.shape)}]");
        using var e = expected.detach().contiguous();
        using var a = actual.detach().contiguous();
        Assert.True(e.bytes.SequenceEqual(a.bytes), $"{key}: bytes differ");
    }

    /// <summary>Every key of <paramref name="expected"/> is in <paramref name="actual"/> and bit-equal.</summary>
    public static void StateDictsBitEqual(Dictionary<string, Tensor> expected, Dictionary<string, Tensor> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, tensor) in expected)
        {
            BitEqual(tensor, actual[key], key);
        }
    }

    /// <summary>True when some tensor differs: used to show a load really changed a freshly initialised model.</summary>
    public static bool AnyDifferent(Dictionary<string, Tensor> a, Dictionary<string, Tensor> b)
    {
        using var scope = NewDisposeScope();
        return a.Any(entry => !entry.Value.detach().contiguous().bytes.SequenceEqual(b[entry.Key].detach().contiguous().bytes));
    }

    /// <summary>A tensor of the given dtype filled with seeded random bytes (0/1 for bool, whose other bytes are not valid).</summary>
    public static Tensor RandomBytes(ScalarType dtype, long[] shape, int seed)
    {
        var tensor = empty(shape, dtype);
        var span = tensor.bytes;
        var random = new Random(seed);
        random.NextBytes(span);
        if (dtype == ScalarType.Bool)
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] &= 1;
            }
        }
        return tensor;
    }
}
