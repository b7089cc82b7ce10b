using DeepSeek.Grains.Events;

namespace DeepSeek.Grains.Usage;

/// <summary>
/// The Embedded profile's usage read model: daily totals in process memory. Remembers the most recent
/// <see cref="RememberedEvents"/> event ids for idempotency (duplicates arrive close to the original).
/// </summary>
public sealed class InMemoryUsageStore : IUsageStore
{
    public const int RememberedEvents = 1_000_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, DateOnly Day, string Model, string Route), UsageRow> _rows = [];
    private readonly HashSet<Guid> _seen = [];
    private readonly Queue<Guid> _seenOrder = new();

    public Task<int> ApplyAsync(IReadOnlyList<InferenceCompleted> events, CancellationToken cancellationToken = default)
    {
        var applied = 0;
        lock (_gate)
        {
            foreach (var e in events)
            {
                if (!_seen.Add(e.EventId)) continue;
                _seenOrder.Enqueue(e.EventId);
                if (_seenOrder.Count > RememberedEvents) _seen.Remove(_seenOrder.Dequeue());
                var key = (e.TenantId, DateOnly.FromDateTime(e.Timestamp.UtcDateTime), e.Model, e.Route);
                var row = _rows.GetValueOrDefault(key) ?? new UsageRow { TenantId = key.TenantId, Day = key.Item2, Model = e.Model, Route = e.Route };
                _rows[key] = row with
                {
                    Requests = row.Requests + 1,
                    PromptTokens = row.PromptTokens + e.PromptTokens,
                    CompletionTokens = row.CompletionTokens + e.CompletionTokens,
                };
                applied++;
            }
        }
        return Task.FromResult(applied);
    }

    public Task<IReadOnlyList<UsageRow>> QueryAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<UsageRow> rows = _rows.Values
                .Where(r => (query.TenantId is null || r.TenantId == query.TenantId) && r.Day >= query.From && r.Day <= query.To)
                .OrderBy(r => r.Day).ThenBy(r => r.TenantId, StringComparer.Ordinal)
                .ThenBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Route, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(rows);
        }
    }
}
