namespace DeepSeek.Grains.Tenants;

/// <summary>A refilling budget of <c>capacity</c> units per minute; volatile (a reactivated grain starts full).</summary>
internal sealed class TokenBucket(double capacityPerMinute, TimeProvider clock)
{
    private double _level = capacityPerMinute;
    private long _lastRefill = clock.GetTimestamp();

    public double Capacity { get; private set; } = capacityPerMinute;

    public void Resize(double capacityPerMinute)
    {
        Capacity = capacityPerMinute;
        _level = Math.Min(_level, capacityPerMinute);
    }

    /// <summary>Seconds until <paramref name="amount"/> units are available (0 when they are now).</summary>
    public int SecondsUntil(double amount)
    {
        Refill();
        amount = Math.Min(amount, Capacity); // a request larger than the whole budget waits for a full bucket
        if (_level >= amount) return 0;
        return Math.Max(1, (int)Math.Ceiling((amount - _level) / (Capacity / 60.0)));
    }

    /// <summary>Units available now (negative after charges beyond the estimate).</summary>
    public double Available
    {
        get
        {
            Refill();
            return _level;
        }
    }

    /// <summary>Puts back units that were taken but not used (a gateway's unspent lease).</summary>
    public void Give(double amount)
    {
        Refill();
        _level = Math.Min(Capacity, _level + amount);
    }

    public void Take(double amount)
    {
        Refill();
        _level -= Math.Min(amount, Capacity);
    }

    private void Refill()
    {
        var now = clock.GetTimestamp();
        var elapsed = clock.GetElapsedTime(_lastRefill, now).TotalSeconds;
        _lastRefill = now;
        _level = Math.Min(Capacity, _level + elapsed * Capacity / 60.0);
    }
}
