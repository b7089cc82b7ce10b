using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepSeek.Models.Tests.Weights;

/// <summary><c>self_attn</c> with a biased q_proj and a narrower k_proj, so shapes differ between keys.</summary>
internal sealed class TinySelfAttention : nn.Module
{
    // Checkpoint key names, as in TinyCausalLm.
    public readonly Linear q_proj;
    public readonly Linear k_proj;

    public TinySelfAttention() : base(nameof(TinySelfAttention))
    {
        q_proj = nn.Linear(TinyCausalLm.Hidden, TinyCausalLm.Hidden, hasBias: true);
        k_proj = nn.Linear(TinyCausalLm.Hidden, TinyCausalLm.KvHidden, hasBias: false);
        RegisterComponents();
    }
}
