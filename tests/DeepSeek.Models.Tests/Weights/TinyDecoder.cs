using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepSeek.Models.Tests.Weights;

/// <summary>The <c>model.</c> part of <see cref="TinyCausalLm"/>: embeddings, layers, final norm.</summary>
internal sealed class TinyDecoder : nn.Module
{
    // Checkpoint key names, as in TinyCausalLm.
    public readonly Embedding embed_tokens;
    public readonly ModuleList<TinyDecoderLayer> layers;
    public readonly LayerNorm norm;

    public TinyDecoder() : base(nameof(TinyDecoder))
    {
        embed_tokens = nn.Embedding(TinyCausalLm.Vocab, TinyCausalLm.Hidden);
        layers = nn.ModuleList(Enumerable.Range(0, TinyCausalLm.Layers).Select(_ => new TinyDecoderLayer()).ToArray());
        norm = nn.LayerNorm(TinyCausalLm.Hidden);
        RegisterComponents();
    }
}
