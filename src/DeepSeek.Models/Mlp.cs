using TorchSharp;
using static TorchSharp.torch;

namespace DeepSeek.Models;

/// <summary>SwiGLU feed-forward: down(silu(gate(x)) * up(x)).</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    // Field names are the HF checkpoint keys ("mlp.gate_proj.weight"); typed as modules so adapters can wrap them.
#pragma warning disable IDE1006
    private nn.Module<Tensor, Tensor> gate_proj;
    private nn.Module<Tensor, Tensor> up_proj;
    private nn.Module<Tensor, Tensor> down_proj;
#pragma warning restore IDE1006

    public Mlp(ModelConfig config, Device? device = null, ScalarType? dtype = null) : base(nameof(Mlp))
    {
        gate_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, config.MlpBias, device, dtype);
        up_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, config.MlpBias, device, dtype);
        down_proj = nn.Linear(config.IntermediateSize, config.HiddenSize, config.MlpBias, device, dtype);
        RegisterComponents();
    }

    /// <summary>The three projections by checkpoint name.</summary>
    public IReadOnlyDictionary<string, nn.Module<Tensor, Tensor>> Projections => new Dictionary<string, nn.Module<Tensor, Tensor>>
    {
        ["gate_proj"] = gate_proj, ["up_proj"] = up_proj, ["down_proj"] = down_proj,
    };

    /// <summary>Replaces one projection (for adapters); the replacement keeps the checkpoint name.</summary>
    public void ReplaceProjection(string name, nn.Module<Tensor, Tensor> replacement)
    {
        switch (name)
        {
            case "gate_proj": gate_proj = replacement; break;
            case "up_proj": up_proj = replacement; break;
            case "down_proj": down_proj = replacement; break;
            default: throw new ArgumentException($"No projection named '{name}'.", nameof(name));
        }
        ModuleTree.Replace(this, name, replacement);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var hidden = nn.functional.silu(gate_proj.call(x)) * up_proj.call(x); // (B, T, C) -> (B, T, I)
        return down_proj.call(hidden).MoveToOuterDisposeScope();              // (B, T, I) -> (B, T, C)
    }
}
