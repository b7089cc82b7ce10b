using DeepSeek.Testing;
using Npgsql;

namespace DeepSeek.Data.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMigratorTests(PostgresFixture postgres)
{
    /// <summary>Every query key the Orleans ADO.NET clustering, storage and reminder providers look up.</summary>
    private static readonly string[] ProviderQueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowKey", "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task SecondRunAppliesNothingAndLeavesTheSchemaAsItWas()
    {
        var database = await postgres.CreateDatabaseAsync("migrate_twice");
        var migrator = new PostgresMigrator();

        var first = await migrator.MigrateAsync(database);
        var schemaAfterFirst = await DescribeSchemaAsync(database);
        var second = await migrator.MigrateAsync(database);

        Assert.Equal(Migration.Embedded.Select(m => m.Version), first.Applied.Select(m => m.Version));
        Assert.Empty(first.AlreadyApplied);
        Assert.Empty(second.Applied);
        Assert.Equal(Migration.Embedded.Count, second.AlreadyApplied.Count);
        Assert.Equal(Migration.Embedded[^1].Version, second.SchemaVersion);
        Assert.Equal(schemaAfterFirst, await DescribeSchemaAsync(database));
        Assert.Contains("up to date", second.ToString());
    }

    [Fact]
    public void MigrationsAreNumberedWithoutGaps()
    {
        Assert.Equal(Enumerable.Range(1, Migration.Embedded.Count), Migration.Embedded.Select(m => m.Version));
        Assert.Equal("0001_orleans_query", Migration.Embedded[0].ToString());
    }

    [Fact]
    public async Task SchemaHasEveryQueryTheOrleansProvidersRead()
    {
        var database = await postgres.CreateDatabaseAsync("query_keys");
        await new PostgresMigrator().MigrateAsync(database);

        var keys = await QueryAsync(database, "SELECT querykey FROM orleansquery ORDER BY querykey");

        Assert.Equal(ProviderQueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadModelTablesExistWithTheirKeys()
    {
        var database = await postgres.CreateDatabaseAsync("read_models");
        await new PostgresMigrator().MigrateAsync(database);

        var keys = await QueryAsync(database, """
            SELECT c.relname || '(' || string_agg(a.attname, ',' ORDER BY k.ordinality) || ')'
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indrelid
            CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ordinality)
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
            WHERE i.indisprimary AND c.relname IN ('usage_daily', 'processed_events')
            GROUP BY c.relname ORDER BY c.relname
            """);

        Assert.Equal(["processed_events(projector,event_id)", "usage_daily(tenant_id,day,model,route)"], keys);
    }

    [Fact]
    public async Task ConcurrentRunsApplyEachMigrationExactlyOnce()
    {
        var database = await postgres.CreateDatabaseAsync("migrate_concurrently");
        var migrator = new PostgresMigrator();

        var reports = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => migrator.MigrateAsync(database))));

        var applied = reports.SelectMany(r => r.Applied).Select(m => m.Version).Order().ToList();
        Assert.Equal(Migration.Embedded.Select(m => m.Version), applied);
        Assert.Single(reports, r => r.Applied.Count > 0);
        Assert.Equal(Migration.Embedded.Count.ToString(), (await QueryAsync(database, "SELECT count(*)::text FROM schema_migrations")).Single());
    }

    [Fact]
    public async Task EditedMigrationIsRefusedWithAClearError()
    {
        var database = await postgres.CreateDatabaseAsync("migrate_tampered");
        await new PostgresMigrator().MigrateAsync(database);
        var edited = Migration.Embedded
            .Select(m => m.Version == 3 ? new Migration(m.Version, m.Name, m.Sql + "\n-- an edit after release\n") : m);

        var error = await Assert.ThrowsAsync<MigrationException>(() => new PostgresMigrator(edited).MigrateAsync(database));

        Assert.Contains("0003_orleans_grain_state", error.Message);
        Assert.Contains("checksum changed", error.Message);
        Assert.Contains("new migration", error.Message);
    }

    [Fact]
    public async Task FailingMigrationIsRolledBackAndNotRecorded()
    {
        var database = await postgres.CreateDatabaseAsync("migrate_failing");
        var migrations = new[]
        {
            new Migration(1, "good", "CREATE TABLE good (id int PRIMARY KEY);"),
            new Migration(2, "broken", "CREATE TABLE half_done (id int); SELECT 1 / 0;"),
        };

        var error = await Assert.ThrowsAsync<MigrationException>(() => new PostgresMigrator(migrations).MigrateAsync(database));

        Assert.Contains("0002_broken failed and was rolled back", error.Message);
        Assert.Contains("division by zero", error.Message);
        Assert.Equal(["1"], await QueryAsync(database, "SELECT version::text FROM schema_migrations"));
        Assert.Equal(["good"], await QueryAsync(database,
            "SELECT table_name::text FROM information_schema.tables WHERE table_name IN ('good', 'half_done')"));
    }

    [Fact]
    public async Task UnreachableServerGivesAClearError()
    {
        var port = FreePort();
        var connectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=deepseek;Timeout=5";

        var error = await Assert.ThrowsAsync<MigrationException>(() => new PostgresMigrator().MigrateAsync(connectionString));

        Assert.StartsWith($"Cannot reach PostgreSQL at 127.0.0.1:{port} (database 'deepseek')", error.Message);
        Assert.Contains("Check that the server is running", error.Message);
        Assert.DoesNotContain("   at ", error.Message);
    }

    [Fact]
    public async Task MissingDatabaseIsReportedOrCreatedOnRequest()
    {
        var name = $"created_{Guid.NewGuid():N}";
        var connectionString = postgres.Server.ConnectionStringFor(name);

        var refused = await Assert.ThrowsAsync<MigrationException>(() => new PostgresMigrator().MigrateAsync(connectionString));
        var report = await new PostgresMigrator { CreateDatabaseIfMissing = true }.MigrateAsync(connectionString);

        Assert.Contains($"Database '{name}' does not exist", refused.Message);
        Assert.True(report.DatabaseCreated);
        Assert.Equal(name, report.Database);
        Assert.Equal(Migration.Embedded.Count, report.Applied.Count);
    }

    [Fact]
    public async Task MigratorReportsAServerThatWentDownAndWorksWhenItIsBack()
    {
        await using var server = await PostgresServer.StartOwnedAsync();
        var database = await server.CreateDatabaseAsync("down_up");
        await new PostgresMigrator().MigrateAsync(database);

        await server.StopAsync();
        var down = await Assert.ThrowsAsync<MigrationException>(() => new PostgresMigrator().MigrateAsync(database));
        await server.StartAsync();
        var up = await new PostgresMigrator().MigrateAsync(database);

        Assert.StartsWith($"Cannot reach PostgreSQL at 127.0.0.1:{server.Port}", down.Message);
        Assert.Empty(up.Applied);
        Assert.Equal(Migration.Embedded.Count, up.AlreadyApplied.Count);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Tables, columns, indexes and the stored queries: what a second run must leave unchanged.</summary>
    private static async Task<List<string>> DescribeSchemaAsync(string connectionString) =>
    [
        .. await QueryAsync(connectionString, """
            SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
            FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1
            """),
        .. await QueryAsync(connectionString, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"),
        .. await QueryAsync(connectionString, "SELECT querykey || md5(querytext) FROM orleansquery ORDER BY 1"),
        .. await QueryAsync(connectionString, "SELECT version || name || checksum || applied_at FROM schema_migrations ORDER BY version"),
    ];

    private static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
