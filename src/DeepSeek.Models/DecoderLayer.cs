using static TorchSharp.torch;

namespace DeepSeek.Models;

/// <summary>One pre-norm transformer block: x + attn(norm(x)), then + mlp(norm(x)).</summary>
public sealed class DecoderLayer : nn.Module
{
    // Field names are the HF checkpoint keys ("layers.0.self_attn...", "layers.0.input_layernorm...").
#pragma warning disable IDE1006
    private readonly RmsNorm input_layernorm;
    private readonly Attention self_attn;
    private readonly RmsNorm post_attention_layernorm;
    private readonly Mlp mlp;
#pragma warning restore IDE1006

    public DecoderLayer(ModelConfig config, int layer, Device? device = null, ScalarType? dtype = null) : base(nameof(DecoderLayer))
    {
        input_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps, device, dtype);
        self_attn = new Attention(config, layer, device, dtype);
        post_attention_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps, device, dtype);
        mlp = new Mlp(config, device, dtype);
        RegisterComponents();
    }

    public Attention SelfAttention => self_attn;

    public Mlp FeedForward => mlp;

    internal Tensor Forward(Tensor x, ForwardContext context)
    {
        // Intermediates are released per block; autograd keeps what backward needs on its own.
        using var scope = NewDisposeScope();
        var h = x + self_attn.Forward(input_layernorm.call(x), context);
        return (h + mlp.call(post_attention_layernorm.call(h))).MoveToOuterDisposeScope();
    }
}
