namespace DeepSeek.Training.Data;

/// <summary>
/// The order in which training sequences are visited: an endless run of epochs, each a permutation of the
/// dataset seeded by (seed, epoch). Position p of the run is sequence <c>perm(p / N)[p % N]</c>, so the
/// whole order is a function of the seed and a resumed run continues from the saved position exactly.
/// </summary>
internal sealed class DataSampler
{
    private readonly int _count;
    private readonly long _seed;
    private long _epoch = -1;
    private int[] _permutation = [];

    public DataSampler(int count, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        (_count, _seed) = (count, seed);
    }

    /// <summary>Dataset indices at positions <paramref name="position"/> .. position + n - 1.</summary>
    public int[] Take(long position, int n)
    {
        var indices = new int[n];
        for (var i = 0; i < n; i++)
        {
            var p = position + i;
            indices[i] = Permutation(p / _count)[(int)(p % _count)];
        }
        return indices;
    }

    private int[] Permutation(long epoch)
    {
        if (epoch == _epoch) return _permutation;
        _permutation = Enumerable.Range(0, _count).ToArray();
        // Fisher-Yates over System.Random with an explicit seed: a fixed algorithm, stable across runtimes.
        var random = new Random(EpochSeed(epoch));
        for (var i = _count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (_permutation[i], _permutation[j]) = (_permutation[j], _permutation[i]);
        }
        _epoch = epoch;
        return _permutation;
    }

    private int EpochSeed(long epoch)
    {
        // SplitMix64 finaliser: nearby (seed, epoch) pairs give unrelated shuffles.
        var z = unchecked((ulong)_seed + 0x9E3779B97F4A7C15UL * (ulong)(epoch + 1));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }
}
