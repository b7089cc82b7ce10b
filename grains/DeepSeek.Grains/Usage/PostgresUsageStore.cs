using DeepSeek.Grains.Events;
using Npgsql;
using NpgsqlTypes;

namespace DeepSeek.Grains.Usage;

/// <summary>
/// The Cluster profile's usage read model in PostgreSQL (tables <c>usage_daily</c> and
/// <c>processed_events</c> of the project's schema). A batch is applied in one statement: the event ids
/// not yet recorded for this projector are recorded and only those are added to the daily totals, so a
/// redelivered batch changes nothing, even when two silos apply it at once (rows are locked in key
/// order, so concurrent batches cannot deadlock).
/// </summary>
public sealed class PostgresUsageStore(NpgsqlDataSource dataSource) : IUsageStore
{
    public const string Projector = "usage";

    private const string ApplySql = """
        WITH incoming AS (
            SELECT * FROM unnest(@ids, @tenants, @days, @models, @routes, @prompt, @completion)
                AS e(event_id, tenant_id, day, model, route, prompt_tokens, completion_tokens)
        ), fresh AS (
            INSERT INTO processed_events (projector, event_id)
            SELECT @projector, event_id FROM incoming ORDER BY event_id
            ON CONFLICT DO NOTHING
            RETURNING event_id
        ), totals AS (
            SELECT i.tenant_id, i.day, i.model, i.route, count(*) AS requests,
                   sum(i.prompt_tokens) AS prompt_tokens, sum(i.completion_tokens) AS completion_tokens
            FROM incoming i JOIN fresh f ON f.event_id = i.event_id
            GROUP BY i.tenant_id, i.day, i.model, i.route
        ), applied AS (
            INSERT INTO usage_daily AS u (tenant_id, day, model, route, requests, prompt_tokens, completion_tokens)
            SELECT tenant_id, day, model, route, requests, prompt_tokens, completion_tokens FROM totals
            ORDER BY tenant_id, day, model, route
            ON CONFLICT (tenant_id, day, model, route) DO UPDATE SET
                requests = u.requests + EXCLUDED.requests,
                prompt_tokens = u.prompt_tokens + EXCLUDED.prompt_tokens,
                completion_tokens = u.completion_tokens + EXCLUDED.completion_tokens
            RETURNING 1
        )
        SELECT count(*) FROM fresh
        """;

    private const string QuerySql = """
        SELECT tenant_id, day, model, route, requests, prompt_tokens, completion_tokens
        FROM usage_daily
        WHERE (@tenant::text IS NULL OR tenant_id = @tenant) AND day BETWEEN @from AND @to
        ORDER BY day, tenant_id, model, route
        """;

    public async Task<int> ApplyAsync(IReadOnlyList<InferenceCompleted> events, CancellationToken cancellationToken = default)
    {
        // One row per event id: a batch may carry a redelivered copy of an event next to the original.
        var unique = events.DistinctBy(e => e.EventId).ToList();
        if (unique.Count == 0) return 0;
        await using var command = dataSource.CreateCommand(ApplySql);
        command.Parameters.AddWithValue("projector", Projector);
        command.Parameters.AddWithValue("ids", unique.Select(e => e.EventId).ToArray());
        command.Parameters.AddWithValue("tenants", unique.Select(e => e.TenantId).ToArray());
        command.Parameters.Add(new NpgsqlParameter("days", NpgsqlDbType.Array | NpgsqlDbType.Date)
        {
            Value = unique.Select(e => DateOnly.FromDateTime(e.Timestamp.UtcDateTime)).ToArray(),
        });
        command.Parameters.AddWithValue("models", unique.Select(e => e.Model).ToArray());
        command.Parameters.AddWithValue("routes", unique.Select(e => e.Route).ToArray());
        command.Parameters.AddWithValue("prompt", unique.Select(e => (long)e.PromptTokens).ToArray());
        command.Parameters.AddWithValue("completion", unique.Select(e => (long)e.CompletionTokens).ToArray());
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
    }

    public async Task<IReadOnlyList<UsageRow>> QueryAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(QuerySql);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Text) { Value = (object?)query.TenantId ?? DBNull.Value });
        command.Parameters.AddWithValue("from", query.From);
        command.Parameters.AddWithValue("to", query.To);
        var rows = new List<UsageRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new UsageRow
            {
                TenantId = reader.GetString(0),
                Day = reader.GetFieldValue<DateOnly>(1),
                Model = reader.GetString(2),
                Route = reader.GetString(3),
                Requests = reader.GetInt64(4),
                PromptTokens = reader.GetInt64(5),
                CompletionTokens = reader.GetInt64(6),
            });
        }
        return rows;
    }
}
