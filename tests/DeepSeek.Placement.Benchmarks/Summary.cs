namespace DeepSeek.Placement.Benchmarks;

/// <summary>Latency percentiles (virtual milliseconds), throughput and cache reuse of one run.</summary>
internal sealed record Summary(double TtftP50, double TtftP99, double EndToEndP99, double TurnsPerSecond, double AffinityHitRate,
    int Failed, int CutOff, string Errors)
{
    public static Summary Of(IReadOnlyList<TurnResult> turns, double windowSeconds)
    {
        // Turns cut off at the end keep their (lower-bound) times: dropping them would flatter an overloaded policy.
        var timed = turns.Where(t => t.Error is null or TurnResult.CutOff).ToList();
        var failed = turns.Where(t => t.Error is not (null or TurnResult.CutOff)).ToList();
        var followUps = turns.Where(t => t.Turn > 1 && t.Answer is not null).ToList();
        return new Summary(
            Percentile(timed.Select(t => t.TimeToFirstToken), 0.50) * 1000,
            Percentile(timed.Select(t => t.TimeToFirstToken), 0.99) * 1000,
            Percentile(timed.Select(t => t.EndToEnd), 0.99) * 1000,
            turns.Count(t => t.Answer is not null) / windowSeconds,
            followUps.Count == 0 ? 0 : (double)followUps.Count(t => t.CachedTokens > 0) / followUps.Count,
            failed.Count,
            turns.Count(t => t.Error == TurnResult.CutOff),
            string.Join(", ", failed.GroupBy(t => t.Error).Select(g => $"{g.Key} x{g.Count()}")));
    }

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
