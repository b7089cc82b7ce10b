using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepSeek.Client.Hosting;

/// <summary>
/// Retries connecting to the cluster for <see cref="DeepSeekClientOptions.ConnectTimeout"/> (a client may
/// start before its silo), then fails start-up with an error that says where it looked and what to check.
/// </summary>
internal sealed class BoundedConnectionRetry(IOptions<DeepSeekClientOptions> options, TimeProvider clock, ILogger<BoundedConnectionRetry> log)
    : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);
    private DateTimeOffset? _firstFailure;
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        _firstFailure ??= now;
        var attempts = Interlocked.Increment(ref _attempts);
        var left = options.Value.ConnectTimeout - (now - _firstFailure.Value);
        if (left <= TimeSpan.Zero)
        {
            // Thrown from the filter, this replaces Orleans' own error as the reason start-up failed.
            throw new DeepSeekConnectionException(
                $"No DeepSeek silo answered at gateway 127.0.0.1:{options.Value.GatewayPort} after {attempts} attempts in " +
                $"{options.Value.ConnectTimeout.TotalSeconds:0.#} s. Is the silo running, and does DeepSeek:Client:GatewayPort " +
                $"match its DeepSeek:Orleans:GatewayPort (and the cluster and service ids match)? Last error: {exception.Message}",
                exception);
        }
        log.LogWarning("Connecting to the DeepSeek cluster failed (attempt {Attempt}): {Error}; retrying", attempts, exception.Message);
        await Task.Delay(left < Pause ? left : Pause, clock, cancellationToken);
        return true;
    }
}
