namespace DeepSeek.Models.Weights;

/// <summary>How <see cref="StateDictLoader.Load"/> matches checkpoint keys to a module's state dict.</summary>
public sealed record StateDictLoadOptions
{
    /// <summary>Strict, nothing ignored.</summary>
    public static StateDictLoadOptions Default { get; } = new();

    /// <summary>When true (the default), any missing or unexpected key fails the load before anything is copied.</summary>
    public bool Strict { get; init; } = true;

    /// <summary>
    /// Keys to leave alone on both sides: neither loaded nor reported. For tensors some checkpoints carry that
    /// the model computes itself, such as <c>rotary_emb.inv_freq</c>.
    /// </summary>
    public Func<string, bool>? IgnoreKey { get; init; }
}
