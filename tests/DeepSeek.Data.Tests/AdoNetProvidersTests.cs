using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Messaging;
using Orleans.Runtime;
using Orleans.Storage;

namespace DeepSeek.Data.Tests;

/// <summary>The Orleans ADO.NET clustering, storage and reminder providers running on the project's schema.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AdoNetProvidersTests(PostgresFixture postgres)
{
    private const int Active = 3;   // SiloStatus.Active as the membership table stores it
    private const int Dead = 6;     // SiloStatus.Dead

    [Fact(Timeout = 120_000)]
    public async Task BothSilosAreActiveRowsInTheMembershipTable()
    {
        var cluster = await postgres.ClusterAsync();

        var rows = await RowsAsync(postgres.ClusterDatabase,
            """
            SELECT status, proxy_port,
                   abs(extract(epoch FROM now() - start_time)) < 600 AND abs(extract(epoch FROM now() - i_am_alive_time)) < 600
            FROM orleans_silo WHERE cluster_id = @c
            """,
            ("c", cluster.ClusterId));
        var version = await RowsAsync(postgres.ClusterDatabase,
            "SELECT version FROM orleans_cluster_version WHERE cluster_id = @c", ("c", cluster.ClusterId));

        Assert.Equal(2, rows.Count(r => (int)r[0] == Active && (int)r[1] > 0 && (bool)r[2]));
        Assert.True((int)version.Single()[0] >= 2, "every join moves the table version on");
    }

    [Fact(Timeout = 120_000)]
    public async Task ClientFindsTheGatewaysThroughTheMembershipTable()
    {
        var cluster = await postgres.ClusterAsync();
        var gateways = cluster.Client.ServiceProvider.GetRequiredService<IGatewayListProvider>();

        var uris = await gateways.GetGateways();
        var value = await cluster.Client.GetGrain<ICounterGrain>("through-gateway").AddAsync(1);

        Assert.Contains("AdoNet", gateways.GetType().Name);
        Assert.Equal(
            cluster.Cluster.Silos.Select(s => s.GatewayAddress.Endpoint.Port).Order(),
            uris.Select(u => u.Port).Order());
        Assert.Equal(1, value);
    }

    [Fact(Timeout = 120_000)]
    public async Task StateIsWrittenReadBackAndCleared()
    {
        var cluster = await postgres.ClusterAsync();
        var counter = cluster.Client.GetGrain<ICounterGrain>($"round-trip-{Guid.NewGuid():N}");

        await counter.AddAsync(5);
        await counter.AddAsync(2);
        await counter.DeactivateAsync();
        var reloaded = await counter.GetAsync();             // a new activation, read from PostgreSQL
        var stored = await StoredAsync(counter);
        await counter.ClearAsync();
        var cleared = await StoredAsync(counter);
        await counter.DeactivateAsync();
        var afterClear = await counter.GetAsync();

        Assert.Equal(new CounterSnapshot(7, "2", true), reloaded);
        Assert.Equal((true, 2), stored);
        Assert.Equal((false, 3), cleared);                   // payload gone, version moved on
        Assert.Equal(new CounterSnapshot(0, "3", false), afterClear);
    }

    [Fact(Timeout = 120_000)]
    public async Task SecondWriterWithAStaleETagIsRejected()
    {
        var cluster = await postgres.ClusterAsync();
        var storage = Storage(cluster, AdoNetCluster.StorageName);
        var grainId = GrainId.Create("counter", $"two-writers-{Guid.NewGuid():N}");
        var first = new GrainState<CounterState>(new CounterState());
        var second = new GrainState<CounterState>(new CounterState());

        // Both find no row and try to create it: one wins.
        first.State!.Value = 1;
        await storage.WriteStateAsync("counter", grainId, first);
        second.State!.Value = 2;
        var insertConflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", grainId, second));

        // Both read version 1; the first write moves it to 2, so the second is stale.
        await storage.ReadStateAsync("counter", grainId, first);
        await storage.ReadStateAsync("counter", grainId, second);
        first.State!.Value = 10;
        await storage.WriteStateAsync("counter", grainId, first);
        second.State!.Value = 20;
        var updateConflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", grainId, second));
        var clearConflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("counter", grainId, second));

        var stored = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("counter", grainId, stored);
        Assert.Equal(10, stored.State!.Value);
        Assert.Equal("2", stored.ETag);
        Assert.All([insertConflict, updateConflict, clearConflict], e => Assert.Contains("Version conflict", e.Message));
    }

    [Fact(Timeout = 120_000)]
    public async Task GrainWhoseRowWasChangedBehindItsBackFailsItsWrite()
    {
        var cluster = await postgres.ClusterAsync();
        var key = $"behind-its-back-{Guid.NewGuid():N}";
        var counter = cluster.Client.GetGrain<ICounterGrain>(key);
        await counter.AddAsync(1);

        // Another writer (a duplicate activation during a partition, say) moves the version on.
        await RowsAsync(postgres.ClusterDatabase,
            "UPDATE orleans_grain_state SET version = version + 1 WHERE key_string = @k RETURNING version", ("k", key));

        await Assert.ThrowsAsync<InconsistentStateException>(() => counter.AddAsync(1));
        var reloaded = await counter.ReloadAsync();
        var value = await counter.AddAsync(1);

        Assert.Equal(new CounterSnapshot(1, "2", true), reloaded);
        Assert.Equal(2, value);
    }

    [Fact(Timeout = 120_000)]
    public async Task DeletingProviderRemovesTheRowOnClear()
    {
        var cluster = await postgres.ClusterAsync();
        var storage = Storage(cluster, AdoNetCluster.DeletingStorageName);
        var key = $"deleting-{Guid.NewGuid():N}";
        var grainId = GrainId.Create("counter", key);
        var state = new GrainState<CounterState>(new CounterState { Value = 4 });

        await storage.WriteStateAsync("counter", grainId, state);
        await storage.ClearStateAsync("counter", grainId, state);
        var rowsAfterClear = await RowsAsync(postgres.ClusterDatabase, "SELECT 1 FROM orleans_grain_state WHERE key_string = @k", ("k", key));
        var etagAfterClear = state.ETag;
        state.State = new CounterState { Value = 5 };
        await storage.WriteStateAsync("counter", grainId, state);

        Assert.Empty(rowsAfterClear);
        Assert.Null(etagAfterClear);
        Assert.Equal("1", state.ETag);                       // written afresh
    }

    [Fact(Timeout = 120_000)]
    public async Task ReminderFiresAndLivesInTheReminderTable()
    {
        var cluster = await postgres.ClusterAsync();
        var key = $"reminder-{Guid.NewGuid():N}";
        var probe = cluster.Client.GetGrain<IReminderProbeGrain>(key);

        await probe.StartAsync(TimeSpan.FromSeconds(1));
        var stored = await RowsAsync(postgres.ClusterDatabase,
            "SELECT reminder_name, period_ms, abs(extract(epoch FROM now() - start_time)) < 600 FROM orleans_reminder WHERE service_id = @s AND grain_id LIKE @g",
            ("s", cluster.ServiceId), ("g", $"%{key}"));
        var ticks = 0;
        for (var wait = 0; wait < 300 && ticks < 2; wait++)
        {
            await Task.Delay(100);
            ticks = await probe.GetTicksAsync();
        }
        await probe.StopAsync();
        var afterStop = await RowsAsync(postgres.ClusterDatabase,
            "SELECT 1 FROM orleans_reminder WHERE grain_id LIKE @g", ("g", $"%{key}"));

        Assert.Equal(ReminderProbeGrain.ReminderName, (string)stored.Single()[0]);
        Assert.Equal(1000L, (long)stored.Single()[1]);
        Assert.True((bool)stored.Single()[2], "the reminder's start time is stored as the instant it was given");
        Assert.True(ticks >= 2, $"the reminder ticked {ticks} times in 30 s");
        Assert.Empty(afterStop);
    }

    [Fact(Timeout = 180_000)]
    public async Task StateSurvivesAClusterRestart()
    {
        var database = await postgres.CreateDatabaseAsync("restart");
        await new PostgresMigrator().MigrateAsync(database);
        const string serviceId = "restart-tests";

        string firstClusterId;
        await using (var first = await AdoNetCluster.StartAsync(database, serviceId))
        {
            firstClusterId = first.ClusterId;
            await first.Client.GetGrain<ICounterGrain>("survivor").AddAsync(41);
            await first.Client.GetGrain<ICounterGrain>("survivor").AddAsync(1);
        }
        var statusesAfterShutdown = await RowsAsync(database,
            "SELECT status FROM orleans_silo WHERE cluster_id = @c", ("c", firstClusterId));

        await using var second = await AdoNetCluster.StartAsync(database, serviceId);
        var snapshot = await second.Client.GetGrain<ICounterGrain>("survivor").GetAsync();

        Assert.Equal(new CounterSnapshot(42, "2", true), snapshot);
        Assert.Equal([Dead, Dead], statusesAfterShutdown.Select(r => (int)r[0]));
    }

    private static IGrainStorage Storage(AdoNetCluster cluster, string name) =>
        cluster.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(name);

    /// <summary>Whether the stored row has a payload, and its version.</summary>
    private async Task<(bool HasPayload, int Version)> StoredAsync(ICounterGrain counter)
    {
        var rows = await RowsAsync(postgres.ClusterDatabase,
            "SELECT payload IS NOT NULL, version FROM orleans_grain_state WHERE state_name = 'counter' AND key_string = @k",
            ("k", counter.GetPrimaryKeyString()));
        return ((bool)rows.Single()[0], (int)rows.Single()[1]);
    }

    private static async Task<List<object[]>> RowsAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }
}
