using DeepSeek.Grains.Events;

namespace DeepSeek.Grains.Usage;

/// <summary>
/// The Embedded profile's usage read model: daily totals in process memory. Remembers the most recent
/// <see cref="RememberedEvents"/> event ids for idempotency (duplicates arrive close to the original:
/// a batch delivered again after a failure), in sets sized up front so they never grow under load.
/// </summary>
public sealed class InMemoryUsageStore : IUsageStore
{
    public const int RememberedEvents = 100_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, DateOnly Day, string Model, string Route), Totals> _rows = [];
    private readonly RecentEventIds _seen = new(RememberedEvents, initialCapacity: RememberedEvents + 1);

    private sealed class Totals
    {
        public long Requests;
        public long PromptTokens;
        public long CompletionTokens;
    }

    public Task<int> ApplyAsync(IReadOnlyList<InferenceCompleted> events, CancellationToken cancellationToken = default)
    {
        var applied = 0;
        lock (_gate)
        {
            foreach (var e in events)
            {
                if (!_seen.Add(e.EventId)) continue;
                var key = (e.TenantId, DateOnly.FromDateTime(e.Timestamp.UtcDateTime), e.Model, e.Route);
                if (!_rows.TryGetValue(key, out var totals)) _rows[key] = totals = new Totals();
                totals.Requests++;
                totals.PromptTokens += e.PromptTokens;
                totals.CompletionTokens += e.CompletionTokens;
                applied++;
            }
        }
        return Task.FromResult(applied);
    }

    public Task<IReadOnlyList<UsageRow>> QueryAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<UsageRow> rows = _rows
                .Where(r => (query.TenantId is null || r.Key.Tenant == query.TenantId) && r.Key.Day >= query.From && r.Key.Day <= query.To)
                .Select(r => new UsageRow
                {
                    TenantId = r.Key.Tenant, Day = r.Key.Day, Model = r.Key.Model, Route = r.Key.Route,
                    Requests = r.Value.Requests, PromptTokens = r.Value.PromptTokens, CompletionTokens = r.Value.CompletionTokens,
                })
                .OrderBy(r => r.Day).ThenBy(r => r.TenantId, StringComparer.Ordinal)
                .ThenBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Route, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(rows);
        }
    }
}
