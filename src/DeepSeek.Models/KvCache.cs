using static TorchSharp.torch;

namespace DeepSeek.Models;

/// <summary>
/// Preallocated key/value cache with a fixed number of slots: each slot holds one sequence of up
/// to <see cref="MaxLength"/> positions, so sequences of different lengths decode in one batch.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor[] _keys;   // per layer (slots, kvHeads, maxLen, hs)
    private readonly Tensor[] _values; // per layer (slots, kvHeads, maxLen, hs)

    public KvCache(ModelConfig config, int slots, int maxLength, Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        Slots = slots;
        MaxLength = Math.Min(maxLength, config.MaxPositionEmbeddings);
        _keys = new Tensor[config.NumHiddenLayers];
        _values = new Tensor[config.NumHiddenLayers];
        for (var layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            _keys[layer] = zeros([slots, config.KeyValueHeads, MaxLength, config.HeadDim], dtype, device);
            _values[layer] = zeros([slots, config.KeyValueHeads, MaxLength, config.HeadDim], dtype, device);
        }
        Device = _keys[0].device;
    }

    public int Slots { get; }

    public int MaxLength { get; }

    public Device Device { get; }

    /// <summary>Bytes held by the cache (all layers, keys and values).</summary>
    public long SizeBytes => _keys.Sum(k => k.NumberOfElements * k.ElementSize) * 2;

    /// <summary>Stores new keys/values (B, kvHeads, T, hs) of each batch row at its slot and start position.</summary>
    internal void Write(int layer, ForwardContext context, Tensor key, Tensor value)
    {
        var length = key.shape[2];
        for (var row = 0; row < context.Slots.Count; row++)
        {
            var slot = context.Slots[row];
            var start = context.Starts[row];
            _keys[layer].select(0, slot).narrow(1, start, length).copy_(key.select(0, row));
            _values[layer].select(0, slot).narrow(1, start, length).copy_(value.select(0, row));
        }
    }

    /// <summary>Keys and values of the first <paramref name="length"/> positions of each row's slot: (B, kvHeads, L, hs).</summary>
    internal (Tensor Key, Tensor Value) Read(int layer, ForwardContext context, int length)
    {
        if (context.ContiguousSlots)
        {
            // Rows are slots s..s+B-1: a view, no copy.
            var first = context.Slots[0];
            var count = context.Slots.Count;
            return (_keys[layer].narrow(0, first, count).narrow(2, 0, length),
                    _values[layer].narrow(0, first, count).narrow(2, 0, length));
        }
        var index = context.SlotIndex!;
        return (_keys[layer].index_select(0, index).narrow(2, 0, length),
                _values[layer].index_select(0, index).narrow(2, 0, length));
    }

    public void Dispose()
    {
        foreach (var t in _keys) t.Dispose();
        foreach (var t in _values) t.Dispose();
    }
}
