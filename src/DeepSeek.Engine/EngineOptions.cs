namespace DeepSeek.Engine;

/// <summary>Capacity settings of a <see cref="BatchingEngine"/>.</summary>
public sealed record EngineOptions
{
    /// <summary>Sequences decoded together in one step (KV cache slots).</summary>
    public int MaxBatchSize { get; init; } = 8;

    /// <summary>Requests waiting for a slot beyond which new ones are rejected.</summary>
    public int MaxQueueLength { get; init; } = 64;

    /// <summary>Prompt plus completion positions per sequence (capped by the model's max_position_embeddings).</summary>
    public int MaxSequenceLength { get; init; } = 1024;
}
