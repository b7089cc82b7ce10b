using static TorchSharp.torch;

namespace DeepSeek.Models.Tests.Weights;

/// <summary>One entry of <c>model.layers</c>.</summary>
internal sealed class TinyDecoderLayer : nn.Module
{
    // Checkpoint key name, as in TinyCausalLm.
    public readonly TinySelfAttention self_attn;

    public TinyDecoderLayer() : base(nameof(TinyDecoderLayer))
    {
        self_attn = new TinySelfAttention();
        RegisterComponents();
    }
}
