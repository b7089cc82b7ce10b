using System.Text.Json.Serialization;

namespace DeepSeek.Training.Checkpoints;

/// <summary>
/// The trainer's own state at a step boundary (<c>trainer.json</c>): enough, with the weights and the
/// optimizer moments, for a resumed run to continue exactly where this one stopped.
/// </summary>
public sealed record CheckpointState
{
    /// <summary>Optimizer steps completed.</summary>
    [JsonPropertyName("step")] public int Step { get; init; }

    /// <summary>Training sequences consumed so far (the position in the seeded batch order).</summary>
    [JsonPropertyName("data_position")] public long DataPosition { get; init; }

    /// <summary>Seed of the batch order; a resumed run must use the same one.</summary>
    [JsonPropertyName("seed")] public long Seed { get; init; }

    /// <summary>libtorch's CPU generator state (dropout), base64.</summary>
    [JsonPropertyName("torch_rng_state")] public string? TorchRngState { get; init; }

    [JsonPropertyName("total_steps")] public int TotalSteps { get; init; }

    [JsonPropertyName("loss")] public double? Loss { get; init; }

    [JsonPropertyName("saved_at")] public DateTimeOffset SavedAt { get; init; }
}
