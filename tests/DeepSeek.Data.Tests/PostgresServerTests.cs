using DeepSeek.Testing;
using Npgsql;

namespace DeepSeek.Data.Tests;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task OwnedServerKeepsItsDataAcrossStopAndStartAndIsGoneAfterDispose()
    {
        var server = await PostgresServer.StartOwnedAsync();
        var database = await server.CreateDatabaseAsync("fixture_check");
        await ExecuteAsync(database, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42);");

        await server.StopAsync();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(database, "SELECT 1"));
        await server.StartAsync();
        var kept = await ScalarAsync(database, "SELECT id FROM kept");
        await server.DisposeAsync();

        Assert.Equal(42, kept);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(database, "SELECT 1"));
    }

    [Fact]
    public async Task ServerListensOnLoopbackOnly()
    {
        await using var server = await PostgresServer.StartOwnedAsync();

        Assert.Equal("127.0.0.1", server.Host);
        Assert.Equal("127.0.0.1", await ScalarTextAsync(server.ConnectionString, "SHOW listen_addresses"));
        Assert.Equal("off", await ScalarTextAsync(server.ConnectionString, "SHOW fsync"));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> ScalarTextAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
