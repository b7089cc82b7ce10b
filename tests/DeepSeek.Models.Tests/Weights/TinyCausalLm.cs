using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepSeek.Models.Tests.Weights;

/// <summary>
/// A few-parameter stand-in with Hugging Face key names (<c>model.layers.0.self_attn.q_proj.weight</c>), so the
/// weight tests do not depend on the real model. It has no forward: only its state dict matters here.
/// </summary>
internal sealed class TinyCausalLm : nn.Module
{
    public const int Vocab = 16;
    public const int Hidden = 8;
    public const int KvHidden = 4;
    public const int Layers = 2;

    // Field names are the checkpoint keys (snake_case on purpose); RegisterComponents names submodules after them.
    public readonly TinyDecoder model;
    public readonly Linear lm_head;

    public TinyCausalLm() : base(nameof(TinyCausalLm))
    {
        model = new TinyDecoder();
        lm_head = nn.Linear(Hidden, Vocab, hasBias: false);
        RegisterComponents();
    }
}
