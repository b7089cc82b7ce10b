namespace DeepSeek.Grains.Sessions;

/// <summary>Session limits (configuration section <c>DeepSeek:Sessions</c>).</summary>
public sealed class SessionOptions
{
    /// <summary>History kept per session, in tokens of the session's model; the oldest turns go first.</summary>
    public int HistoryTokenBudget { get; set; } = 2048;
}
