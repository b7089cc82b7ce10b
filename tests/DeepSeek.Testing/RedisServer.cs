using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace DeepSeek.Testing;

/// <summary>
/// A real Redis server for tests: redis-server on a free 127.0.0.1 port, nothing persisted, its pid
/// and log in a temporary folder; or, for the shared case, the server named by <c>DEEPSEEK_TEST_REDIS</c>
/// ("host:port"). Disposing an owned server shuts it down and deletes its folder.
/// </summary>
public sealed class RedisServer : IAsyncDisposable, IDisposable
{
    /// <summary>Environment variable with "host:port" of a server to use instead of starting one.</summary>
    public const string EnvironmentVariable = "DEEPSEEK_TEST_REDIS";

    private const string NotFound = "redis-server not found: install the Debian package redis-server (or run .ci/run)";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process? _process;
    private readonly string? _directory;

    private RedisServer(string host, int port, Process? process, string? directory)
    {
        Host = host;
        Port = port;
        _process = process;
        _directory = directory;
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>"host:port", the form Redis clients take.</summary>
    public string Endpoint => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Whether this fixture started the server.</summary>
    public bool IsOwned => _process is not null;

    /// <summary>The server of <c>DEEPSEEK_TEST_REDIS</c> when set, else a server of our own.</summary>
    public static async Task<RedisServer> ConnectOrStartAsync(CancellationToken cancellationToken = default)
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(external)) return await StartOwnedAsync(cancellationToken);

        var separator = external.LastIndexOf(':');
        return separator > 0 && int.TryParse(external[(separator + 1)..], CultureInfo.InvariantCulture, out var port)
            ? new RedisServer(external[..separator], port, process: null, directory: null)
            : new RedisServer(external, 6379, process: null, directory: null);
    }

    /// <summary>Always starts a server of our own.</summary>
    public static async Task<RedisServer> StartOwnedAsync(CancellationToken cancellationToken = default)
    {
        await LocalProcess.EnsureDebianPackageAsync("redis-server", () => LocalProcess.OnPath("redis-server") is not null);
        var program = LocalProcess.OnPath("redis-server") ?? throw new InvalidOperationException(NotFound);
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("deepseek-redis-").FullName;
            var port = LocalProcess.FreeLoopbackPort();
            var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardInput = true };
            foreach (var argument in new[]
            {
                "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--dir", directory, "--pidfile", Path.Combine(directory, "redis.pid"),
                "--logfile", Path.Combine(directory, "redis.log"),
            })
            {
                start.ArgumentList.Add(argument);
            }

            // Kept as our child in the foreground: its pid is ours to stop, whatever the pidfile says.
            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
            var server = new RedisServer("127.0.0.1", port, process, directory);
            try
            {
                await server.WaitUntilReadyAsync(cancellationToken);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && process.HasExited)
            {
                // Most likely the port was taken between picking and binding it: try another.
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Sends PING and expects PONG: true when the server answers.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(Host, Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!await PingAsync(cancellationToken))
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}:\n{ReadLog()}");
            }
            if (deadline.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"redis-server did not answer PING within {StartTimeout.TotalSeconds:0} s:\n{ReadLog()}");
            }
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>The server's log so far (owned servers only).</summary>
    public string ReadLog()
    {
        var log = _directory is null ? null : Path.Combine(_directory, "redis.log");
        return log is not null && File.Exists(log) ? File.ReadAllText(log) : "";
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        try
        {
            if (!_process.HasExited)
            {
                var cli = LocalProcess.OnPath("redis-cli");
                if (cli is not null)
                {
                    await LocalProcess.RunAsync(cli, ["-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture), "shutdown", "nosave"],
                        TimeSpan.FromSeconds(10));
                }
                using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(exited.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill();   // our own child, by its pid
                    await _process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            _process.Dispose();
            if (_directory is not null && Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
