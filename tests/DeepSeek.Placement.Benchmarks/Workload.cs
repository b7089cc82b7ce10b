namespace DeepSeek.Placement.Benchmarks;

/// <summary>
/// Multi-turn chat sessions on two model sizes. Each session has its own long system prompt and grows
/// by a user message and an answer per turn, so a follow-up turn on the device that holds the session's
/// KV cache prefills only the new tokens. Byte tokenizer: one character is one token.
/// </summary>
internal sealed record Workload
{
    public const string Small = "sim-7b";
    public const string Large = "sim-30b";

    public long SmallParameters { get; init; } = 7_000_000_000;
    public long LargeParameters { get; init; } = 30_000_000_000;

    /// <summary>Share of sessions on the large model.</summary>
    public double LargeShare { get; init; } = 0.15;

    public int SystemTokens { get; init; } = 1000;
    public (int Min, int Max) UserTokens { get; init; } = (100, 300);
    public (int Min, int Max) OutputTokens { get; init; } = (16, 48);
    public (int Min, int Max) Turns { get; init; } = (2, 7);

    /// <summary>Mean virtual seconds a user thinks between an answer and the next question.</summary>
    public double ThinkSeconds { get; init; } = 2;

    public double MeanTurns => (Turns.Min + Turns.Max) / 2.0;

    /// <summary>
    /// Turns per virtual second the cluster serves at full batches when no prefix is reused (every turn
    /// prefills its whole conversation): what any policy can reach, so a load level means the same for
    /// all. Reusing a session's cache raises the real ceiling; that headroom is what affinity buys.
    /// </summary>
    public double CapacityTurnsPerSecond(DeviceModel device, int devices)
    {
        double Mean((int Min, int Max) range) => (range.Min + range.Max) / 2.0;
        var decodeMsPerToken = (device.DecodeBaseMs + device.DecodeMsPerSequence * device.MaxBatchSize) / device.MaxBatchSize;
        // Turn k of a session prompts with the system prompt, k questions and k - 1 answers.
        var sessions = Enumerable.Range(Turns.Min, Turns.Max - Turns.Min + 1).ToList();
        var turns = sessions.SelectMany(count => Enumerable.Range(1, count)).ToList();
        var prompt = turns.Average(k => SystemTokens + k * Mean(UserTokens) + (k - 1) * Mean(OutputTokens));
        var smallMs = prompt * device.PrefillMsPerToken + Mean(OutputTokens) * decodeMsPerToken;
        var meanMs = smallMs * ((1 - LargeShare) + LargeShare * LargeParameters / SmallParameters);
        return devices * 1000 / meanMs;
    }
}
