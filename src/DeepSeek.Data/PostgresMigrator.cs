using Npgsql;

namespace DeepSeek.Data;

/// <summary>
/// Brings a PostgreSQL database up to the platform's schema: applies the migrations it has not seen,
/// in order, each in its own transaction, and records them in <c>schema_migrations</c>. Safe to run
/// again (a second run applies nothing) and from several processes at once (an advisory lock lets
/// one run at a time per database).
/// </summary>
public sealed class PostgresMigrator
{
    /// <summary>Advisory-lock key that serialises migration runs on one database ("DSMIGRAT").</summary>
    public const long AdvisoryLockKey = 0x4453_4D49_4752_4154;

    private const string HistoryTable = "schema_migrations";

    public PostgresMigrator() : this(Migration.Embedded)
    {
    }

    public PostgresMigrator(IEnumerable<Migration> migrations)
    {
        var ordered = migrations.OrderBy(m => m.Version).ToList();
        var duplicate = ordered.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate)}.", nameof(migrations));
        }
        Migrations = ordered;
    }

    /// <summary>The migrations this migrator applies, in version order.</summary>
    public IReadOnlyList<Migration> Migrations { get; }

    /// <summary>Create the database named in the connection string when it does not exist (needs CREATEDB).</summary>
    public bool CreateDatabaseIfMissing { get; init; }

    /// <summary>Applies pending migrations to the database of <paramref name="connectionString"/>.</summary>
    /// <exception cref="MigrationException">The run cannot complete; the message says why.</exception>
    public async Task<MigrationReport> MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var target = ParseConnectionString(connectionString);
        var database = target.Database ?? target.Username ?? "postgres";

        var (connection, created) = await OpenAsync(target, cancellationToken);
        await using (connection)
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", cancellationToken, ("key", AdvisoryLockKey));
            try
            {
                await ExecuteAsync(connection, $"""
                    CREATE TABLE IF NOT EXISTS {HistoryTable}
                    (
                        version    integer     NOT NULL PRIMARY KEY,
                        name       text        NOT NULL,
                        checksum   text        NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """, cancellationToken);

                var history = await ReadHistoryAsync(connection, cancellationToken);
                CheckHistory(history);

                var applied = new List<Migration>();
                foreach (var migration in Migrations.Where(m => !history.ContainsKey(m.Version)))
                {
                    await ApplyAsync(connection, migration, cancellationToken);
                    applied.Add(migration);
                }

                var alreadyApplied = Migrations.Where(m => history.ContainsKey(m.Version)).ToList();
                var schemaVersion = history.Keys.Concat(applied.Select(m => m.Version)).DefaultIfEmpty(0).Max();
                return new MigrationReport(database, created, applied, alreadyApplied, schemaVersion);
            }
            catch (NpgsqlException e) when (e is not PostgresException && !cancellationToken.IsCancellationRequested)
            {
                throw new MigrationException(
                    $"Lost the connection to PostgreSQL at {target.Host}:{target.Port} during the migration run: {Innermost(e).Message}. " +
                    "Every migration runs in its own transaction, so run the migrator again.", e);
            }
            finally
            {
                // Ending the session releases the lock too; unlocking keeps a pooled connection clean.
                try
                {
                    await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", AdvisoryLockKey));
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
                {
                    // The connection is gone, and the lock with it.
                }
            }
        }
    }

    private static NpgsqlConnectionStringBuilder ParseConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new MigrationException($"The PostgreSQL connection string is not valid: {e.Message}", e);
        }
    }

    private async Task<(NpgsqlConnection Connection, bool Created)> OpenAsync(
        NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
    {
        try
        {
            return (await OpenConnectionAsync(target, cancellationToken), false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            if (!CreateDatabaseIfMissing) throw Unreachable(target, e);
            await CreateDatabaseAsync(target, cancellationToken);
            return (await OpenConnectionAsync(target, cancellationToken), true);
        }
    }

    private static async Task<NpgsqlConnection> OpenConnectionAsync(NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(target.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception e) when ((e is NpgsqlException or TimeoutException) && !cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync();
            if (e is PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName })
            {
                throw;   // the caller may create it
            }
            throw Unreachable(target, e);
        }
    }

    private static async Task CreateDatabaseAsync(NpgsqlConnectionStringBuilder target, CancellationToken cancellationToken)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false };
        NpgsqlConnection connection;
        try
        {
            connection = await OpenConnectionAsync(maintenance, cancellationToken);
        }
        catch (PostgresException e)
        {
            throw Unreachable(maintenance, e);
        }
        await using var _ = connection;
        try
        {
            await ExecuteAsync(connection, $"CREATE DATABASE {QuoteIdentifier(target.Database!)}", cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another migrator created it between our attempt to connect and now: fine.
        }
        catch (PostgresException e)
        {
            throw new MigrationException(
                $"Database '{target.Database}' does not exist and could not be created: {e.MessageText} (SQLSTATE {e.SqlState}).", e);
        }
    }

    private static MigrationException Unreachable(NpgsqlConnectionStringBuilder target, Exception e)
    {
        var where = $"{target.Host}:{target.Port}";
        return e switch
        {
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } => new MigrationException(
                $"Database '{target.Database}' does not exist on the PostgreSQL server at {where}. Create it, or let the migrator create it.", e),
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } p => new MigrationException(
                $"The PostgreSQL server at {where} refused user '{target.Username}': {p.MessageText}.", e),
            PostgresException p => new MigrationException(
                $"The PostgreSQL server at {where} refused the connection: {p.MessageText} (SQLSTATE {p.SqlState}).", e),
            _ => new MigrationException(
                $"Cannot reach PostgreSQL at {where} (database '{target.Database}'): {Innermost(e).Message}. Check that the server is running and the connection string is right.", e),
        };
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    private static async Task<Dictionary<int, (string Name, string Checksum)>> ReadHistoryAsync(
        NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var history = new Dictionary<int, (string, string)>();
        await using var command = new NpgsqlCommand($"SELECT version, name, checksum FROM {HistoryTable}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            history[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
        }
        return history;
    }

    /// <summary>An applied migration must be the one this build ships, byte for byte.</summary>
    private void CheckHistory(Dictionary<int, (string Name, string Checksum)> history)
    {
        var changed = Migrations
            .Where(m => history.TryGetValue(m.Version, out var row) && row.Checksum != m.Checksum)
            .ToList();
        if (changed.Count > 0)
        {
            throw new MigrationException(
                $"Applied migration {string.Join(", ", changed)} differs from the one in this build (checksum changed). " +
                "Applied migrations must never be edited: restore the original script and put the change in a new migration.");
        }
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var script = new NpgsqlCommand(migration.Sql, connection, transaction) { CommandTimeout = 0 })
            {
                await script.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var record = new NpgsqlCommand(
                $"INSERT INTO {HistoryTable} (version, name, checksum) VALUES (@version, @name, @checksum)", connection, transaction))
            {
                record.Parameters.AddWithValue("version", migration.Version);
                record.Parameters.AddWithValue("name", migration.Name);
                record.Parameters.AddWithValue("checksum", migration.Checksum);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException e)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            var where = e.Position > 0 ? $" at character {e.Position}" : "";
            throw new MigrationException(
                $"Migration {migration} failed and was rolled back: {e.MessageText} (SQLSTATE {e.SqlState}{where}).", e);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
}
