namespace DeepSeek.Placement.Benchmarks;

/// <summary>One turn as the client saw it, in virtual seconds.</summary>
internal sealed record TurnResult(double StartedAt, int Turn, double TimeToFirstToken, double EndToEnd, int CachedTokens, string? Answer, string? Error)
{
    public const string CutOff = "cut off";

    /// <summary>The device that served the turn (node/device).</summary>
    public string? Worker { get; init; }

    public string Model { get; init; } = "";
}
