namespace DeepSeek.Grains.Inference;

/// <summary>
/// Consecutive-failure circuit breaker: closed → open after N failures → half-open after the open
/// period, where one trial decides between closed and open again.
/// </summary>
internal sealed class CircuitBreaker(int failureThreshold, TimeSpan openDuration, TimeProvider clock)
{
    private int _failures;
    private DateTimeOffset? _openedAt;
    private bool _trialInFlight;

    public string State => _openedAt is null ? "closed" : clock.GetUtcNow() - _openedAt >= openDuration ? "half-open" : "open";

    /// <summary>Whether a request may try the protected path now; when not, how long until it may.</summary>
    public bool TryEnter(out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_openedAt is null) return true;
        var openFor = clock.GetUtcNow() - _openedAt.Value;
        if (openFor < openDuration)
        {
            retryAfter = openDuration - openFor;
            return false;
        }
        if (_trialInFlight)
        {
            retryAfter = TimeSpan.FromSeconds(1);
            return false;
        }
        _trialInFlight = true;
        return true;
    }

    public void Success()
    {
        _failures = 0;
        _openedAt = null;
        _trialInFlight = false;
    }

    public void Failure()
    {
        _trialInFlight = false;
        if (_openedAt is not null || ++_failures >= failureThreshold) _openedAt = clock.GetUtcNow();
    }

    /// <summary>An attempt that ended without a verdict (cancelled by its caller).</summary>
    public void Abandon() => _trialInFlight = false;
}
