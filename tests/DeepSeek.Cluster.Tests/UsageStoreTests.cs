using DeepSeek.Data;
using DeepSeek.Grains.Events;
using DeepSeek.Grains.Usage;
using Npgsql;

namespace DeepSeek.Cluster.Tests;

/// <summary>The usage read model's two stores: totals per day, model and route, idempotent by event id.</summary>
public sealed class UsageStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private PostgresServer _postgres = null!;
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.ConnectOrStartAsync();
        var database = await _postgres.CreateDatabaseAsync("usage_" + Guid.NewGuid().ToString("N")[..12]);
        await new PostgresMigrator().MigrateAsync(database);
        _dataSource = NpgsqlDataSource.Create(database);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    public static TheoryData<string> Stores => ["memory", "postgres"];

    private IUsageStore Store(string kind) => kind == "memory" ? new InMemoryUsageStore() : new PostgresUsageStore(_dataSource);

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Stores))]
    public async Task EventsAreSummedPerTenantDayModelAndRoute(string kind)
    {
        var store = Store(kind);
        var events = new[]
        {
            Completed("a", "knowledge", 10, 5, Noon),
            Completed("a", "knowledge", 7, 3, Noon.AddHours(1)),
            Completed("a", "model", 4, 20, Noon),
            Completed("a", "model", 1, 1, Noon.AddDays(1)),
            Completed("b", "model", 2, 2, Noon),
        };

        Assert.Equal(5, await store.ApplyAsync(events));
        var rows = await store.QueryAsync(new UsageQuery { TenantId = "a", From = DateOnly.FromDateTime(Noon.UtcDateTime), To = DateOnly.FromDateTime(Noon.UtcDateTime) });

        Assert.Equal(2, rows.Count);
        var knowledge = Assert.Single(rows, r => r.Route == "knowledge");
        Assert.Equal((2L, 17L, 8L), (knowledge.Requests, knowledge.PromptTokens, knowledge.CompletionTokens));
        var model = Assert.Single(rows, r => r.Route == "model");
        Assert.Equal((1L, 4L, 20L), (model.Requests, model.PromptTokens, model.CompletionTokens));
        var all = await store.QueryAsync(new UsageQuery { From = DateOnly.MinValue, To = DateOnly.MaxValue });
        Assert.Equal(4, all.Count);
        Assert.Equal(5, all.Sum(r => r.Requests));
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Stores))]
    public async Task RedeliveredEventsAreNotCountedAgain(string kind)
    {
        var store = Store(kind);
        var first = Completed("a", "model", 3, 4, Noon);
        var second = Completed("a", "model", 5, 6, Noon);

        Assert.Equal(1, await store.ApplyAsync([first]));
        // Redelivery of the first next to a new one, and a duplicate inside one batch.
        Assert.Equal(1, await store.ApplyAsync([first, second, second]));
        Assert.Equal(0, await store.ApplyAsync([first, second]));

        var row = Assert.Single(await store.QueryAsync(new UsageQuery { TenantId = "a", From = DateOnly.MinValue, To = DateOnly.MaxValue }));
        Assert.Equal((2L, 8L, 10L), (row.Requests, row.PromptTokens, row.CompletionTokens));
    }

    [Fact(Timeout = 60_000)]
    public async Task TwoProjectorsApplyingTheSameEventsAtOnceCountThemOnce()
    {
        var events = Enumerable.Range(0, 200).Select(i => Completed("race", i % 2 == 0 ? "model" : "knowledge", 1, 2, Noon)).ToList();
        var one = new PostgresUsageStore(_dataSource);
        var two = new PostgresUsageStore(_dataSource);

        var applied = await Task.WhenAll(
            Task.Run(() => one.ApplyAsync(events)), Task.Run(() => two.ApplyAsync(events)),
            Task.Run(() => one.ApplyAsync(events[50..150])), Task.Run(() => two.ApplyAsync([.. events.AsEnumerable().Reverse()])));

        Assert.Equal(200, applied.Sum());
        var rows = await one.QueryAsync(new UsageQuery { TenantId = "race", From = DateOnly.MinValue, To = DateOnly.MaxValue });
        Assert.Equal(200, rows.Sum(r => r.Requests));
        Assert.Equal(400, rows.Sum(r => r.CompletionTokens));
    }

    private static InferenceCompleted Completed(string tenant, string route, int prompt, int completion, DateTimeOffset at) => new()
    {
        TenantId = tenant,
        Timestamp = at,
        CompletionId = "chatcmpl-" + Guid.NewGuid().ToString("N"),
        Model = "deepseek-tiny",
        Route = route,
        PromptTokens = prompt,
        CompletionTokens = completion,
    };
}
