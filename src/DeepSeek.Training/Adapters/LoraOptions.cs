namespace DeepSeek.Training.Adapters;

/// <summary>Low-rank adapter settings (the PEFT LoraConfig fields of the same meaning).</summary>
public sealed record LoraOptions
{
    /// <summary>The projections that can carry adapters, by checkpoint name.</summary>
    public static readonly IReadOnlyList<string> KnownTargets = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    /// <summary>Rank r of the update B·A.</summary>
    public int Rank { get; init; } = 8;

    /// <summary>The update is scaled by alpha / r, so changing r leaves the effective step size alone.</summary>
    public double Alpha { get; init; } = 16;

    /// <summary>Dropout on the adapter's input while training.</summary>
    public double Dropout { get; init; } = 0.05;

    /// <summary>Projections to wrap in every layer (q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj).</summary>
    public IReadOnlyList<string> TargetModules { get; init; } = ["q_proj", "v_proj"];

    /// <summary>Seeds the initialisation of the A matrices.</summary>
    public long Seed { get; init; }

    public double Scale => Alpha / Rank;

    public void Validate()
    {
        if (Rank < 1) throw new ArgumentException("LoRA rank must be at least 1.");
        if (Alpha <= 0) throw new ArgumentException("LoRA alpha must be positive.");
        if (Dropout is < 0 or >= 1) throw new ArgumentException("LoRA dropout must be in [0, 1).");
        if (TargetModules.Count == 0) throw new ArgumentException("LoRA needs at least one target module.");
        var unknown = TargetModules.Except(KnownTargets).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"Unknown LoRA target module(s) {string.Join(", ", unknown)}; known: {string.Join(", ", KnownTargets)}.");
    }
}
