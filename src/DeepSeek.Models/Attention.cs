using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepSeek.Models;

/// <summary>Grouped-query self-attention with rotary positions and an optional slot KV cache.</summary>
public sealed class Attention : nn.Module
{
    // Field names are the HF checkpoint keys ("self_attn.q_proj.weight"); the projections are typed as
    // modules so fine-tuning can wrap them (LoRA) without changing those keys.
#pragma warning disable IDE1006
    private nn.Module<Tensor, Tensor> q_proj;
    private nn.Module<Tensor, Tensor> k_proj;
    private nn.Module<Tensor, Tensor> v_proj;
    private nn.Module<Tensor, Tensor> o_proj;
#pragma warning restore IDE1006
    private readonly int _heads;
    private readonly int _kvHeads;
    private readonly int _headDim;
    private readonly int _layer;

    public Attention(ModelConfig config, int layer, Device? device = null, ScalarType? dtype = null) : base(nameof(Attention))
    {
        _heads = config.NumAttentionHeads;
        _kvHeads = config.KeyValueHeads;
        _headDim = config.HeadDim;
        _layer = layer;
        q_proj = nn.Linear(config.HiddenSize, _heads * _headDim, config.QkvBias, device, dtype);
        k_proj = nn.Linear(config.HiddenSize, _kvHeads * _headDim, config.QkvBias, device, dtype);
        v_proj = nn.Linear(config.HiddenSize, _kvHeads * _headDim, config.QkvBias, device, dtype);
        o_proj = nn.Linear(_heads * _headDim, config.HiddenSize, config.OutputProjectionBias, device, dtype);
        RegisterComponents();
    }

    /// <summary>The four projections by checkpoint name.</summary>
    public IReadOnlyDictionary<string, nn.Module<Tensor, Tensor>> Projections => new Dictionary<string, nn.Module<Tensor, Tensor>>
    {
        ["q_proj"] = q_proj, ["k_proj"] = k_proj, ["v_proj"] = v_proj, ["o_proj"] = o_proj,
    };

    /// <summary>Replaces one projection (for adapters); the replacement keeps the checkpoint name.</summary>
    public void ReplaceProjection(string name, nn.Module<Tensor, Tensor> replacement)
    {
        switch (name)
        {
            case "q_proj": q_proj = replacement; break;
            case "k_proj": k_proj = replacement; break;
            case "v_proj": v_proj = replacement; break;
            case "o_proj": o_proj = replacement; break;
            default: throw new ArgumentException($"No projection named '{name}'.", nameof(name));
        }
        ModuleTree.Replace(this, name, replacement);
    }

    internal Tensor Forward(Tensor x, ForwardContext context)
    {
        var (b, t) = (x.shape[0], x.shape[1]);
        var q = q_proj.call(x).view(b, t, _heads, _headDim).transpose(1, 2);   // (B, T, C) -> (B, nh, T, hs)
        var k = k_proj.call(x).view(b, t, _kvHeads, _headDim).transpose(1, 2); // (B, T, C) -> (B, nkv, T, hs)
        var v = v_proj.call(x).view(b, t, _kvHeads, _headDim).transpose(1, 2); // (B, T, C) -> (B, nkv, T, hs)
        q = RotaryEmbedding.Apply(q, context.Cos, context.Sin);
        k = RotaryEmbedding.Apply(k, context.Cos, context.Sin);

        if (context.Cache is { } cache)
        {
            cache.Write(_layer, context, k, v);
            if (!context.FreshCausal) (k, v) = cache.Read(_layer, context, context.ContextLength); // (B, nkv, L, hs)
        }
        Tensor y;
        if (_kvHeads != _heads && t == 1)
        {
            // Single-token decode: fold each kv head's query group into the query axis instead of copying
            // keys and values per query head (the copy dominates a decode step at large batch).
            var group = _heads / _kvHeads;
            var grouped = q.view(b, _kvHeads, group, _headDim);                                             // (B, nh, 1, hs) -> (B, nkv, g, hs)
            y = nn.functional.scaled_dot_product_attention(grouped, k, v, context.Mask).view(b, _heads, 1, _headDim); // (B, nkv, g, hs) -> (B, nh, 1, hs)
        }
        else
        {
            if (_kvHeads != _heads)
            {
                k = k.repeat_interleave(_heads / _kvHeads, dim: 1); // (B, nkv, L, hs) -> (B, nh, L, hs)
                v = v.repeat_interleave(_heads / _kvHeads, dim: 1); // (B, nkv, L, hs) -> (B, nh, L, hs)
            }
            var causal = context.Mask is null && t > 1 && k.shape[2] == t;
            y = nn.functional.scaled_dot_product_attention(q, k, v, context.Mask, is_casual: causal); // (B, nh, T, hs)
        }
        y = y.transpose(1, 2).reshape(b, t, _heads * _headDim);                                      // (B, nh, T, hs) -> (B, T, C)
        return o_proj.call(y);
    }
}
