using System.Globalization;
using Npgsql;

namespace DeepSeek.Testing;

/// <summary>
/// A real PostgreSQL server for tests: a throwaway cluster (initdb + pg_ctl) on a free 127.0.0.1 port
/// with its data in a temporary folder, fsync off; or, for the shared case, the server named by the
/// <c>DEEPSEEK_TEST_POSTGRES</c> connection string. Disposing an owned server stops it and deletes its folder.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable, IDisposable
{
    /// <summary>Environment variable with a connection string to use instead of starting a server.</summary>
    public const string EnvironmentVariable = "DEEPSEEK_TEST_POSTGRES";

    private const string NotFound = "PostgreSQL server binaries not found: install the Debian package postgresql (or run .ci/run)";
    private const string ServiceUser = "postgres";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(90);

    private readonly string? _binaries;
    private readonly string? _directory;
    private bool _running;

    private PostgresServer(string connectionString)
    {
        ConnectionString = connectionString;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Host = builder.Host ?? "localhost";
        Port = builder.Port;
    }

    private PostgresServer(string binaries, string directory, int port)
        : this($"Host=127.0.0.1;Port={port};Username={ServiceUser};Database=postgres;Include Error Detail=true")
    {
        _binaries = binaries;
        _directory = directory;
    }

    /// <summary>Connection string to the server's maintenance database.</summary>
    public string ConnectionString { get; }

    public string Host { get; }

    public int Port { get; }

    /// <summary>Whether this fixture started the server (and so may stop, restart and delete it).</summary>
    public bool IsOwned => _directory is not null;

    /// <summary>The server of <c>DEEPSEEK_TEST_POSTGRES</c> when set, else a server of our own.</summary>
    public static async Task<PostgresServer> ConnectOrStartAsync(CancellationToken cancellationToken = default)
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(external)
            ? await StartOwnedAsync(cancellationToken)
            : new PostgresServer(external);
    }

    /// <summary>Always starts a server of our own: what down/up tests need.</summary>
    public static async Task<PostgresServer> StartOwnedAsync(CancellationToken cancellationToken = default)
    {
        await LocalProcess.EnsureDebianPackageAsync("postgresql", () => FindBinaries() is not null);
        var binaries = FindBinaries() ?? throw new InvalidOperationException(NotFound);
        var directory = Directory.CreateTempSubdirectory("deepseek-pg-").FullName;
        try
        {
            if (LocalProcess.IsRoot)
            {
                // PostgreSQL refuses to run as root: the cluster belongs to the postgres account.
                await LocalProcess.RunCheckedAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", directory], ToolTimeout);
            }
            await RunToolAsync(binaries, "initdb",
                ["-D", DataDirectory(directory), "-U", ServiceUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);

            // The port is free when picked but could be taken before the server binds it: try a few.
            for (var attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var server = new PostgresServer(binaries, directory, LocalProcess.FreeLoopbackPort());
                try
                {
                    await server.StartAsync();
                    return server;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                }
            }
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Connection string to <paramref name="database"/> on this server.</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    /// <summary>Creates an empty database (dropping one of that name first) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var quoted = "\"" + name.Replace("\"", "\"\"") + "\"";
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", connection))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        return ConnectionStringFor(name);
    }

    /// <summary>Starts the owned server (again) on the same data folder and port.</summary>
    public async Task StartAsync()
    {
        var directory = OwnedDirectory();
        if (_running) return;
        var options = string.Join(' ',
            $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
            $"-k {directory}",
            "-c listen_addresses=127.0.0.1",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off");
        await RunToolAsync(_binaries!, "pg_ctl",
            ["-D", DataDirectory(directory), "-l", Path.Combine(directory, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
        _running = true;
    }

    /// <summary>Stops the owned server (fast shutdown: open sessions are ended), keeping its data.</summary>
    public async Task StopAsync()
    {
        var directory = OwnedDirectory();
        if (!_running) return;
        NpgsqlConnection.ClearAllPools();
        await RunToolAsync(_binaries!, "pg_ctl", ["-D", DataDirectory(directory), "-m", "fast", "-w", "-t", "60", "stop"]);
        _running = false;
    }

    /// <summary>The server's log so far, for failure messages (owned servers only).</summary>
    public string ReadLog()
    {
        var log = Path.Combine(OwnedDirectory(), "server.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    public async ValueTask DisposeAsync()
    {
        if (_directory is null) return;
        try
        {
            if (_running)
            {
                NpgsqlConnection.ClearAllPools();
                await RunToolAsync(_binaries!, "pg_ctl", ["-D", DataDirectory(_directory), "-m", "immediate", "-w", "-t", "30", "stop"]);
                _running = false;
            }
        }
        finally
        {
            if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private string OwnedDirectory() => _directory ?? throw new InvalidOperationException(
        $"This server comes from {EnvironmentVariable} and is not ours to stop or start: use {nameof(PostgresServer)}.{nameof(StartOwnedAsync)}().");

    private static string DataDirectory(string directory) => Path.Combine(directory, "data");

    /// <summary>Runs initdb or pg_ctl, as the postgres account when we are root.</summary>
    private static Task<string> RunToolAsync(string binaries, string tool, IEnumerable<string> arguments)
    {
        var program = Path.Combine(binaries, tool);
        return LocalProcess.IsRoot
            ? LocalProcess.RunCheckedAsync("runuser", ["-u", ServiceUser, "--", program, .. arguments], ToolTimeout)
            : LocalProcess.RunCheckedAsync(program, arguments, ToolTimeout);
    }

    /// <summary>The newest /usr/lib/postgresql/N/bin that has the server tools, else the folder of initdb on PATH.</summary>
    private static string? FindBinaries()
    {
        static bool HasTools(string directory) =>
            File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(directory => (Directory: Path.Combine(directory, "bin"), Version: ParseVersion(Path.GetFileName(directory))))
                .Where(candidate => HasTools(candidate.Directory))
                .OrderByDescending(candidate => candidate.Version)
                .FirstOrDefault();
            if (newest.Directory is not null) return newest.Directory;
        }
        var initdb = LocalProcess.OnPath("initdb");
        return initdb is not null && HasTools(Path.GetDirectoryName(initdb)!) ? Path.GetDirectoryName(initdb) : null;
    }

    private static double ParseVersion(string name) =>
        double.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out var version) ? version : 0;
}
