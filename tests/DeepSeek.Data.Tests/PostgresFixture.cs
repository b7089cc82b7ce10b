using DeepSeek.Testing;
using Npgsql;

namespace DeepSeek.Data.Tests;

/// <summary>
/// One PostgreSQL server for the whole test run (each test makes its own databases on it), and one
/// migrated database with a two-silo ADO.NET cluster on it, started on first use.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _clusterGate = new(1, 1);
    private PostgresServer? _server;
    private AdoNetCluster? _cluster;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>A fresh, empty database with a name unique to this run.</summary>
    public Task<string> CreateDatabaseAsync(string prefix) =>
        Server.CreateDatabaseAsync($"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)]);

    /// <summary>Connection string of the shared cluster's database.</summary>
    public string ClusterDatabase { get; private set; } = "";

    /// <summary>The shared two-silo cluster on a freshly migrated database.</summary>
    public async Task<AdoNetCluster> ClusterAsync()
    {
        await _clusterGate.WaitAsync();
        try
        {
            if (_cluster is null)
            {
                ClusterDatabase = await CreateDatabaseAsync("cluster");
                // Far from UTC on purpose: times the providers store must not depend on the session time zone.
                await using (var connection = new NpgsqlConnection(ClusterDatabase))
                {
                    await connection.OpenAsync();
                    var database = connection.Database;
                    await using var zone = new NpgsqlCommand($"ALTER DATABASE \"{database}\" SET timezone = 'Pacific/Chatham'", connection);
                    await zone.ExecuteNonQueryAsync();
                }
                await new PostgresMigrator().MigrateAsync(ClusterDatabase);
                _cluster = await AdoNetCluster.StartAsync(ClusterDatabase, serviceId: "shared-cluster-tests");
            }
            return _cluster;
        }
        finally
        {
            _clusterGate.Release();
        }
    }

    public async Task InitializeAsync() => _server = await PostgresServer.ConnectOrStartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
        _clusterGate.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
