using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace DeepSeek.Client.Tests;

/// <summary>
/// A real silo in its own process (<c>dotnet DeepSeek.Silo.dll</c> from the test output) on loopback
/// ports of its own, serving a tiny random-weight model from a temporary directory.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private const int LogLines = 200;

    private readonly Process _process;
    private readonly string _directory;
    private readonly Queue<string> _log = new();

    // Printed once every hosted service has started, the bootstrap (models, admin key) included.
    private readonly TaskCompletionSource _announced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process, string directory, int httpPort, int gatewayPort, string adminKey)
    {
        _process = process;
        _directory = directory;
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
        GatewayPort = gatewayPort;
        AdminKey = adminKey;
    }

    public Uri HttpAddress { get; }
    public int GatewayPort { get; }
    public string AdminKey { get; }

    /// <summary>The process's last lines of output, for failure messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_log) return string.Join(Environment.NewLine, _log);
        }
    }

    public static async Task<SiloProcess> StartAsync(string model)
    {
        var directory = Directory.CreateTempSubdirectory("deepseek-client-tests-").FullName;
        var modelDirectory = TinyModelDirectory.Create(Path.Combine(directory, model));
        var (httpPort, siloPort, gatewayPort) = FreePorts.Take(3) switch { var p => (p[0], p[1], p[2]) };
        var adminKey = $"sk-ds-admin-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "DeepSeek.Silo.dll"),
                     "--urls", $"http://127.0.0.1:{httpPort}",
                     $"--DeepSeek:Orleans:SiloPort={siloPort}",
                     $"--DeepSeek:Orleans:GatewayPort={gatewayPort}",
                     $"--DeepSeek:Models:Directories:{model}={modelDirectory}",
                     $"--DeepSeek:Bootstrap:AdminKey={adminKey}",
                     "--DeepSeek:Logging:Json=false",
                     "--Logging:LogLevel:Default=Warning",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var silo = new SiloProcess(process, directory, httpPort, gatewayPort, adminKey);
        process.OutputDataReceived += (_, e) => silo.Record(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await silo.WaitUntilReadyAsync();
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
        return silo;
    }

    public HttpClient CreateHttpClient(string? key = null)
    {
        var http = new HttpClient { BaseAddress = HttpAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null) http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        // Only the process this fixture started, by its handle (and its children, were there any).
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    /// <summary>Waits for <c>/health/ready</c> and for the silo's start-up announcement, which follows its bootstrap.</summary>
    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = HttpAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                // The redirected output is read asynchronously: wait until its last lines are recorded.
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} while starting:{Environment.NewLine}{RecentOutput}");
            }
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode && _announced.Task.IsCompleted) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but busy starting.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The silo was not ready within {StartTimeout.TotalSeconds} s:{Environment.NewLine}{RecentOutput}");
    }

    private void Record(string? line)
    {
        if (line is null) return;
        if (line.StartsWith("DeepSeek.Orleans is listening on", StringComparison.Ordinal)) _announced.TrySetResult();
        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > LogLines) _log.Dequeue();
        }
    }
}
