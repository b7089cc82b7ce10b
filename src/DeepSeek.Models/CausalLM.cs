using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepSeek.Models;

/// <summary>
/// A decoder-only language model of the Llama/Qwen2 family, built from a HF config. Its state_dict
/// keys equal the checkpoint keys (<c>model.layers.0.self_attn.q_proj.weight</c>, <c>lm_head.weight</c>).
/// </summary>
public sealed class CausalLM : nn.Module<Tensor, Tensor>
{
    // Field names are the HF checkpoint keys; with tied embeddings there is no lm_head (HF omits it too).
#pragma warning disable IDE1006
    private readonly DecoderStack model;
    private readonly Linear? lm_head;
#pragma warning restore IDE1006
    private readonly RotaryEmbedding _rotary;

    public CausalLM(ModelConfig config, Device? device = null, ScalarType dtype = ScalarType.Float32) : base(nameof(CausalLM))
    {
        config.Validate();
        Config = config;
        model = new DecoderStack(config, device, dtype);
        if (!config.TieWordEmbeddings) lm_head = nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false, device, dtype);
        RegisterComponents();
        Device = model.EmbedTokens.weight!.device;
        DType = dtype;
        _rotary = new RotaryEmbedding(config, Device, dtype);
    }

    public ModelConfig Config { get; }

    public Device Device { get; }

    public ScalarType DType { get; }

    public DecoderStack Body => model;

    /// <summary>Number of parameters (tied embeddings counted once, as HF reports).</summary>
    public long ParameterCount => parameters().Sum(p => p.NumberOfElements);

    /// <summary>HF-style initialisation for training from scratch: N(0, initializer_range), zero biases, unit norms.</summary>
    public void InitializeWeights(long seed)
    {
        using var _ = no_grad();
        var generator = new Generator((ulong)seed, Device);
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith("layernorm.weight", StringComparison.Ordinal) || name == "model.norm.weight") p.fill_(1.0);
            else if (name.EndsWith(".bias", StringComparison.Ordinal)) p.zero_();
            // Tensor.normal_, not nn.init.normal_: TorchSharp's nn.init.normal_ ignores the generator.
            else p.normal_(0.0, Config.InitializerRange, generator);
        }
    }

    /// <summary>Full causal forward without a cache (training, evaluation): (B, T) ids → (B, T, V) logits.</summary>
    public override Tensor forward(Tensor inputIds)
    {
        using var scope = NewDisposeScope();
        var (b, t) = (inputIds.shape[0], inputIds.shape[1]);
        if (t > _rotary.MaxPositions)
            throw new ArgumentException($"Sequence of {t} tokens exceeds max_position_embeddings ({_rotary.MaxPositions}).");
        var positions = arange(t, dtype: ScalarType.Int64, device: Device).unsqueeze(0).expand(b, t); // (T) -> (B, T)
        var (cos, sin) = _rotary.Gather(positions);
        var context = new ForwardContext { Cos = cos, Sin = sin, FreshCausal = true, ContextLength = (int)t };
        return Head(model.Forward(inputIds, context)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Forward with the slot cache: row b of <paramref name="inputIds"/> (B, T) continues the sequence in
    /// cache slot <paramref name="slots"/>[b] at position <paramref name="starts"/>[b]. Returns logits for the
    /// last position of each row (B, V) or for all positions (B, T, V).
    /// </summary>
    public Tensor Forward(Tensor inputIds, KvCache cache, IReadOnlyList<int> slots, IReadOnlyList<int> starts, bool lastPositionOnly = true)
    {
        using var scope = NewDisposeScope();
        var (b, t) = ((int)inputIds.shape[0], (int)inputIds.shape[1]);
        if (slots.Count != b || starts.Count != b) throw new ArgumentException("One slot and one start position per batch row are required.");
        var contextLength = 0;
        var positions = new long[b * t];
        for (var row = 0; row < b; row++)
        {
            if (slots[row] < 0 || slots[row] >= cache.Slots) throw new ArgumentOutOfRangeException(nameof(slots), $"Slot {slots[row]} is outside the cache.");
            if (starts[row] < 0 || starts[row] + t > cache.MaxLength)
                throw new ArgumentOutOfRangeException(nameof(starts), $"Positions {starts[row]}..{starts[row] + t} exceed the cache length {cache.MaxLength}.");
            contextLength = Math.Max(contextLength, starts[row] + t);
            for (var i = 0; i < t; i++) positions[row * t + i] = starts[row] + i;
        }
        var positionTensor = tensor(positions, [b, t], device: Device);
        var (cos, sin) = _rotary.Gather(positionTensor);

        var fresh = starts.All(s => s == 0);
        var sameStart = starts.All(s => s == starts[0]);
        Tensor? mask = null;
        if (!fresh && (t > 1 || !sameStart))
        {
            // Row b may attend to cache positions 0..start_b+i: (1,1,1,L) <= (B,1,T,1) -> (B,1,T,L).
            var keys = arange(contextLength, dtype: ScalarType.Int64, device: Device).view(1, 1, 1, contextLength);
            mask = keys <= positionTensor.view(b, 1, t, 1);
        }
        var contiguous = true;
        for (var row = 1; row < b; row++) contiguous &= slots[row] == slots[0] + row;
        var context = new ForwardContext
        {
            Cos = cos, Sin = sin, Cache = cache, Slots = slots, Starts = starts,
            ContiguousSlots = contiguous,
            SlotIndex = contiguous ? null : tensor(slots.Select(s => (long)s).ToArray(), device: Device),
            ContextLength = contextLength, FreshCausal = fresh, Mask = mask,
        };
        var hidden = model.Forward(inputIds, context);
        if (lastPositionOnly) hidden = hidden.narrow(1, t - 1, 1).squeeze(1); // (B, T, C) -> (B, C)
        return Head(hidden).MoveToOuterDisposeScope();
    }

    private Tensor Head(Tensor hidden) =>
        lm_head is null ? nn.functional.linear(hidden, model.EmbedTokens.weight!) : lm_head.call(hidden);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _rotary.Dispose();
        base.Dispose(disposing);
    }
}
