using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepSeek.Models;

/// <summary>Root-mean-square layer norm (no mean subtraction, no bias), computed in fp32.</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    // Field name is the HF checkpoint key ("...layernorm.weight").
#pragma warning disable IDE1006
    private readonly Parameter weight;
#pragma warning restore IDE1006
    private readonly double _eps;

    public RmsNorm(int dim, double eps, Device? device = null, ScalarType? dtype = null) : base(nameof(RmsNorm))
    {
        weight = nn.Parameter(torch.ones(dim, dtype: dtype, device: device));
        _eps = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var x32 = x.to_type(ScalarType.Float32);
        var normed = x32 * torch.rsqrt(x32.pow(2).mean([-1L], keepdim: true) + _eps);
        return (weight * normed.to_type(x.dtype)).MoveToOuterDisposeScope();
    }
}
