using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepSeek.Models;

/// <summary>The body of the model (HF prefix "model."): token embeddings, the blocks and the final norm.</summary>
public sealed class DecoderStack : nn.Module
{
    // Field names are the HF checkpoint keys ("model.embed_tokens.weight", "model.layers.N...", "model.norm.weight").
#pragma warning disable IDE1006
    private readonly Embedding embed_tokens;
    private readonly ModuleList<DecoderLayer> layers;
    private readonly RmsNorm norm;
#pragma warning restore IDE1006

    public DecoderStack(ModelConfig config, Device? device = null, ScalarType? dtype = null) : base(nameof(DecoderStack))
    {
        embed_tokens = nn.Embedding(config.VocabSize, config.HiddenSize, device: device, dtype: dtype);
        layers = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers)
            .Select(i => new DecoderLayer(config, i, device, dtype)).ToArray());
        norm = new RmsNorm(config.HiddenSize, config.RmsNormEps, device, dtype);
        RegisterComponents();
    }

    public Embedding EmbedTokens => embed_tokens;

    public IReadOnlyList<DecoderLayer> Layers => layers.ToList();

    internal Tensor Forward(Tensor inputIds, ForwardContext context)
    {
        var h = embed_tokens.call(inputIds); // (B, T) -> (B, T, C)
        foreach (var layer in layers) h = layer.Forward(h, context);
        return norm.call(h);
    }
}
