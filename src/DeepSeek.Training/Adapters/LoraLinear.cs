using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepSeek.Training.Adapters;

/// <summary>
/// A linear projection with a low-rank update: y = x·Wᵀ + b + (alpha / r)·B(A(dropout(x))).
/// The base weight and bias stay registered as <c>weight</c> and <c>bias</c>, so the base checkpoint keys are
/// unchanged; the adapter adds <c>lora_A.weight</c> (r × in) and <c>lora_B.weight</c> (out × r).
/// B starts at zero, so a fresh adapter leaves the model's output exactly as it was.
/// </summary>
public sealed class LoraLinear : nn.Module<Tensor, Tensor>
{
    // Field names are the checkpoint keys (PEFT's "lora_A.weight", "lora_B.weight").
#pragma warning disable IDE1006
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly Linear lora_A;
    private readonly Linear lora_B;
#pragma warning restore IDE1006

    public LoraLinear(nn.Module<Tensor, Tensor> baseLinear, int rank, double alpha, double dropout, Generator? generator = null)
        : base(nameof(LoraLinear))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        var own = baseLinear.named_parameters(recurse: false).ToDictionary(p => p.name, p => p.parameter);
        weight = own.GetValueOrDefault("weight") ?? throw new ArgumentException("The wrapped module has no 'weight'.", nameof(baseLinear));
        if (weight.dim() != 2) throw new ArgumentException("The wrapped module's weight must be a matrix.", nameof(baseLinear));
        bias = own.GetValueOrDefault("bias");
        Base = baseLinear;
        (Rank, Alpha, Dropout) = (rank, alpha, dropout);
        var (outFeatures, inFeatures) = (weight.shape[0], weight.shape[1]);

        lora_A = nn.Linear(inFeatures, rank, hasBias: false, device: weight.device, dtype: weight.dtype);
        lora_B = nn.Linear(rank, outFeatures, hasBias: false, device: weight.device, dtype: weight.dtype);
        using (no_grad())
        {
            // PEFT's default: A as nn.Linear's Kaiming-uniform (a = √5, i.e. U(±1/√in)), B zero.
            var bound = 1.0 / Math.Sqrt(inFeatures);
            // Tensor.uniform_, not nn.init.uniform_: TorchSharp's nn.init.uniform_ ignores the generator.
            lora_A.weight!.uniform_(-bound, bound, generator);
            lora_B.weight!.zero_();
        }
        register_parameter("weight", weight);
        if (bias is not null) register_parameter("bias", bias);
        register_module("lora_A", lora_A);
        register_module("lora_B", lora_B);
    }

    /// <summary>
    /// Components are registered by hand in the constructor: the wrapped base module is kept for
    /// <see cref="Lora.Unload"/> but must not add keys of its own, which reflection over the fields would.
    /// </summary>
    protected override void RegisterComponents()
    {
    }

    /// <summary>The wrapped projection; it shares <c>weight</c> and <c>bias</c> with this module.</summary>
    public nn.Module<Tensor, Tensor> Base { get; }

    public int Rank { get; }

    public double Alpha { get; }

    public double Dropout { get; }

    public double Scale => Alpha / Rank;

    /// <summary>Whether B·A has been added into the base weight (the adapter path is then skipped).</summary>
    public bool Merged { get; private set; }

    public Parameter LoraA => lora_A.weight!;

    public Parameter LoraB => lora_B.weight!;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.linear(x, weight, bias);
        if (Merged) return y.MoveToOuterDisposeScope();
        var h = Dropout > 0 ? nn.functional.dropout(x, Dropout, training) : x;
        var update = lora_B.call(lora_A.call(h)); // (B, T, in) -> (B, T, r) -> (B, T, out)
        return (y + update * Scale).MoveToOuterDisposeScope();
    }

    /// <summary>W += (alpha / r)·B·A: the adapted model at the cost of the base one.</summary>
    public void Merge()
    {
        if (Merged) return;
        using var _ = no_grad();
        using var delta = Delta();
        weight.add_(delta);
        Merged = true;
    }

    /// <summary>W -= (alpha / r)·B·A: back to the base weight (up to float rounding).</summary>
    public void Unmerge()
    {
        if (!Merged) return;
        using var _ = no_grad();
        using var delta = Delta();
        weight.sub_(delta);
        Merged = false;
    }

    private Tensor Delta()
    {
        using var scope = NewDisposeScope();
        return (lora_B.weight!.mm(lora_A.weight!) * Scale).to_type(weight.dtype).MoveToOuterDisposeScope(); // (out, r) @ (r, in) -> (out, in)
    }
}
