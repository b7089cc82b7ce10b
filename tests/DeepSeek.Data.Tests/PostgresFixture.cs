using DeepSeek.Testing;

namespace DeepSeek.Data.Tests;

/// <summary>One PostgreSQL server for the whole test run; each test class makes its own databases on it.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>A fresh, empty database with a name unique to this run.</summary>
    public Task<string> CreateDatabaseAsync(string prefix) =>
        Server.CreateDatabaseAsync($"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)]);

    public async Task InitializeAsync() => _server = await PostgresServer.ConnectOrStartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
