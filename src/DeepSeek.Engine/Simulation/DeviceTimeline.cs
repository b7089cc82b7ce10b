using System.Diagnostics;

namespace DeepSeek.Engine.Simulation;

/// <summary>
/// The compute time of one simulated device, paced against the real clock. Work is booked after the
/// work already booked (engines of different models on one device take turns, as on a real GPU), and
/// each booking waits for its deadline. Deadlines, not sleeps, keep throughput right when a timer fires
/// late; the debt a late timer leaves is capped so a stalled machine does not turn into a burst.
/// </summary>
public sealed class DeviceTimeline(double timeScale)
{
    private const double MaxLagMs = 20;
    private readonly Lock _gate = new();
    private readonly Stopwatch _real = Stopwatch.StartNew();
    private double _deadlineMs;

    /// <summary>Real seconds per virtual second.</summary>
    public double TimeScale => timeScale;

    /// <summary>Work starts now after an idle period (idle time is not owed to anyone).</summary>
    public void Resume()
    {
        lock (_gate) _deadlineMs = Math.Max(_deadlineMs, _real.Elapsed.TotalMilliseconds);
    }

    /// <summary>Books <paramref name="virtualMs"/> of device time and completes when it has passed.</summary>
    public Task RunAsync(double virtualMs, CancellationToken cancellationToken)
    {
        double wait;
        lock (_gate)
        {
            var now = _real.Elapsed.TotalMilliseconds;
            _deadlineMs = Math.Max(_deadlineMs, now - MaxLagMs) + virtualMs * timeScale;
            wait = _deadlineMs - now;
        }
        return wait >= 1 ? Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken) : Task.CompletedTask;
    }
}
