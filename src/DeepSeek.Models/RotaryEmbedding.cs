using static TorchSharp.torch;

namespace DeepSeek.Models;

/// <summary>
/// Rotary position embedding tables (HF "rotate_half" layout: the two halves of each head share a
/// frequency). Held outside the module tree so they never appear in a state_dict.
/// </summary>
public sealed class RotaryEmbedding : IDisposable
{
    private readonly Tensor _cos; // (maxPos, hs)
    private readonly Tensor _sin; // (maxPos, hs)

    public RotaryEmbedding(ModelConfig config, Device device, ScalarType dtype)
    {
        var headDim = config.HeadDim;
        var inverse = InverseFrequencies(config);
        MaxPositions = config.MaxPositionEmbeddings;
        using var scope = NewDisposeScope();
        var positions = arange(MaxPositions, dtype: ScalarType.Float64);
        var frequencies = outer(positions, tensor(inverse, dtype: ScalarType.Float64)); // (maxPos, hs/2)
        var both = cat([frequencies, frequencies], dim: -1);                              // (maxPos, hs)
        _cos = both.cos().to(dtype, device).DetachFromDisposeScope();
        _sin = both.sin().to(dtype, device).DetachFromDisposeScope();
        if (inverse.Length * 2 != headDim) throw new InvalidOperationException("head_dim must be even.");
    }

    public int MaxPositions { get; }

    /// <summary>cos and sin for each position, shaped to broadcast over heads.</summary>
    public (Tensor Cos, Tensor Sin) Gather(Tensor positions)
    {
        var (b, t) = (positions.shape[0], positions.shape[1]);
        var flat = positions.reshape(-1);
        var cos = _cos.index_select(0, flat).view(b, 1, t, -1); // (B*T, hs) -> (B, 1, T, hs)
        var sin = _sin.index_select(0, flat).view(b, 1, t, -1); // (B*T, hs) -> (B, 1, T, hs)
        return (cos, sin);
    }

    /// <summary>x·cos + rotate_half(x)·sin, for x of shape (B, heads, T, hs).</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        var half = x.shape[^1] / 2;
        var first = x.narrow(-1, 0, half);
        var second = x.narrow(-1, half, half);
        var rotated = cat([second.neg(), first], dim: -1); // (B, h, T, hs)
        return x * cos + rotated * sin;
    }

    private static double[] InverseFrequencies(ModelConfig config)
    {
        var headDim = config.HeadDim;
        var inverse = new double[headDim / 2];
        for (var i = 0; i < inverse.Length; i++)
            inverse[i] = 1.0 / Math.Pow(config.RopeTheta, 2.0 * i / headDim);

        var scaling = config.RopeScaling;
        switch (scaling?.Kind)
        {
            case "linear":
                for (var i = 0; i < inverse.Length; i++) inverse[i] /= scaling.Factor;
                break;
            case "llama3":
                // Long wavelengths are slowed by the factor, short ones kept, the band between blended.
                var lowWavelength = scaling.OriginalMaxPositionEmbeddings / scaling.LowFreqFactor;
                var highWavelength = scaling.OriginalMaxPositionEmbeddings / scaling.HighFreqFactor;
                for (var i = 0; i < inverse.Length; i++)
                {
                    var wavelength = 2 * Math.PI / inverse[i];
                    if (wavelength < highWavelength) continue;
                    if (wavelength > lowWavelength) { inverse[i] /= scaling.Factor; continue; }
                    var smooth = (scaling.OriginalMaxPositionEmbeddings / wavelength - scaling.LowFreqFactor)
                                 / (scaling.HighFreqFactor - scaling.LowFreqFactor);
                    inverse[i] = (1 - smooth) * inverse[i] / scaling.Factor + smooth * inverse[i];
                }
                break;
        }
        return inverse;
    }

    public void Dispose()
    {
        _cos.Dispose();
        _sin.Dispose();
    }
}
