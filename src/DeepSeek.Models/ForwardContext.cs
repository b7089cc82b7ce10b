using static TorchSharp.torch;

namespace DeepSeek.Models;

/// <summary>
/// Everything the layers of one forward pass share: positions, rotary tables for them, the cache
/// slots of each batch row and the attention mask. Built once per forward by <see cref="CausalLM"/>.
/// </summary>
internal sealed class ForwardContext
{
    public required Tensor Cos { get; init; }           // (B, 1, T, hs)
    public required Tensor Sin { get; init; }           // (B, 1, T, hs)
    public KvCache? Cache { get; init; }
    public IReadOnlyList<int> Slots { get; init; } = [];
    public IReadOnlyList<int> Starts { get; init; } = [];
    public Tensor? SlotIndex { get; init; }             // (B) when slots are not contiguous
    public bool ContiguousSlots { get; init; }

    /// <summary>Context length every row attends over (max start + T).</summary>
    public int ContextLength { get; init; }

    /// <summary>True when every row starts at 0: attention needs only this pass's keys, with a causal mask.</summary>
    public bool FreshCausal { get; init; }

    /// <summary>Boolean mask (B, 1, T, L), true where attention is allowed; null when causal or unneeded.</summary>
    public Tensor? Mask { get; init; }
}
