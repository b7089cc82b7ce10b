using System.Diagnostics;

namespace DeepSeek.Engine.Simulation;

/// <summary>
/// Paces simulated work against the real clock: each piece of work moves a deadline forward by its
/// virtual cost times the scale, and the caller waits for the deadline. Deadlines (not sleeps) keep
/// throughput right when a timer fires late; the debt a late timer leaves is capped so a stalled
/// machine does not turn into a burst afterwards.
/// </summary>
internal sealed class VirtualClock(double scale)
{
    private const double MaxLagMs = 20;
    private readonly Stopwatch _real = Stopwatch.StartNew();
    private double _deadlineMs;

    /// <summary>Work starts now after an idle period (idle time is not owed to anyone).</summary>
    public void Resume() => _deadlineMs = Math.Max(_deadlineMs, _real.Elapsed.TotalMilliseconds);

    public Task AdvanceAsync(double virtualMs, CancellationToken cancellationToken)
    {
        var now = _real.Elapsed.TotalMilliseconds;
        _deadlineMs = Math.Max(_deadlineMs, now - MaxLagMs) + virtualMs * scale;
        var wait = _deadlineMs - now;
        return wait >= 1 ? Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken) : Task.CompletedTask;
    }
}
