using DeepSeek.Grains.Inference;

namespace DeepSeek.Grains.Tests;

/// <summary>The fallback's breaker: closed, open after consecutive failures, one trial when half-open.</summary>
public sealed class CircuitBreakerTests
{
    private static readonly TimeSpan OpenFor = TimeSpan.FromSeconds(30);
    private readonly ManualClock _clock = new();
    private readonly CircuitBreaker _breaker;

    public CircuitBreakerTests() => _breaker = new CircuitBreaker(3, OpenFor, _clock);

    [Fact]
    public void ItOpensOnlyAfterTheThresholdOfConsecutiveFailures()
    {
        Fail(2);
        Assert.Equal("closed", _breaker.State);
        Assert.True(_breaker.TryEnter(out _));

        Fail(1);

        Assert.Equal("open", _breaker.State);
        Assert.False(_breaker.TryEnter(out var retryAfter));
        Assert.Equal(OpenFor, retryAfter);
    }

    [Fact]
    public void ASuccessResetsTheFailureCount()
    {
        Fail(2);
        _breaker.Success();
        Fail(2);

        Assert.Equal("closed", _breaker.State);
        Assert.True(_breaker.TryEnter(out _));
    }

    [Fact]
    public void WhileOpenTheRetryAfterCountsDown()
    {
        Fail(3);
        _clock.Advance(TimeSpan.FromSeconds(20));

        Assert.False(_breaker.TryEnter(out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(10), retryAfter);
    }

    [Fact]
    public void AfterTheOpenPeriodExactlyOneTrialPasses()
    {
        Fail(3);
        _clock.Advance(OpenFor);

        Assert.Equal("half-open", _breaker.State);
        Assert.True(_breaker.TryEnter(out _));
        Assert.False(_breaker.TryEnter(out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);
    }

    [Fact]
    public void ASuccessfulTrialClosesTheBreaker()
    {
        Fail(3);
        _clock.Advance(OpenFor);
        Assert.True(_breaker.TryEnter(out _));

        _breaker.Success();

        Assert.Equal("closed", _breaker.State);
        Assert.True(_breaker.TryEnter(out _));
        Assert.True(_breaker.TryEnter(out _));
    }

    [Fact]
    public void AFailedTrialReopensTheBreakerForAWholePeriod()
    {
        Fail(3);
        _clock.Advance(OpenFor);
        Assert.True(_breaker.TryEnter(out _));

        _breaker.Failure();

        Assert.Equal("open", _breaker.State);
        Assert.False(_breaker.TryEnter(out var retryAfter));
        Assert.Equal(OpenFor, retryAfter);
    }

    [Fact]
    public void AnAbandonedTrialLetsTheNextRequestTry()
    {
        Fail(3);
        _clock.Advance(OpenFor);
        Assert.True(_breaker.TryEnter(out _));

        _breaker.Abandon();

        Assert.Equal("half-open", _breaker.State);
        Assert.True(_breaker.TryEnter(out _));
    }

    private void Fail(int times)
    {
        for (var i = 0; i < times; i++) _breaker.Failure();
    }
}
