using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DeepSeek.Testing;

/// <summary>
/// The real platform executable as a child process on loopback ports, the way an operator runs it:
/// started with <c>dotnet DeepSeek.Silo.dll</c> in a scratch working directory, ready once
/// <c>/health/ready</c> answers, killed (with its children) on dispose. The test project must reference
/// the silo project, so that <c>DeepSeek.Silo.dll</c> sits next to the tests.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private StreamWriter? _log;

    private SiloProcess(Process process, string workingDirectory, Uri baseAddress)
    {
        _process = process;
        WorkingDirectory = workingDirectory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string WorkingDirectory { get; }

    /// <summary>The last lines the silo wrote, for failure messages.</summary>
    public string OutputTail => string.Join(Environment.NewLine, _output.TakeLast(150));

    /// <summary>The settings it was started with (the <c>--Key=value</c> arguments), ports included.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; private init; } = new Dictionary<string, string>();

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts a silo with <paramref name="settings"/> as <c>--Key=value</c> arguments and, unless told not
    /// to, waits until <c>/health/ready</c> says it is ready.
    /// </summary>
    public static async Task<SiloProcess> StartAsync(IReadOnlyDictionary<string, string> settings, bool waitUntilReady = true)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("deepseek-e2e-").FullName;
        var httpPort = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{httpPort}");
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DeepSeek.Silo.dll"));
        var arguments = new Dictionary<string, string>
        {
            ["urls"] = baseAddress.ToString().TrimEnd('/'),
            ["DeepSeek:Orleans:SiloPort"] = FreePort().ToString(),
            ["DeepSeek:Orleans:GatewayPort"] = FreePort().ToString(),
            ["DeepSeek:Logging:Json"] = "false",
            ["DeepSeek:Models:CpuThreads"] = "1",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings) arguments[key] = value;
        foreach (var (key, value) in arguments) start.ArgumentList.Add($"--{key}={value}");
        // Workstation GC: the machine is small and a test silo needs no server GC heaps.
        start.Environment["DOTNET_gcServer"] = "0";

        var process = new Process { StartInfo = start };
        var silo = new SiloProcess(process, workingDirectory, baseAddress) { Settings = arguments };
        // DEEPSEEK_TEST_SILO_LOGS=<folder> keeps every line each silo writes (one file per silo), for diagnosis;
        // silo log levels can be raised through the usual environment variables (Logging__LogLevel__<category>).
        if (Environment.GetEnvironmentVariable("DEEPSEEK_TEST_SILO_LOGS") is { Length: > 0 } logs)
        {
            Directory.CreateDirectory(logs);
            var name = settings.TryGetValue("DeepSeek:Roles", out var roles) ? roles.Replace(',', '-') : "silo";
            silo._log = new StreamWriter(Path.Combine(logs, $"{DateTime.UtcNow:HHmmss}-{name}-{httpPort}.log")) { AutoFlush = true };
        }
        process.OutputDataReceived += (_, e) => silo.Record(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (waitUntilReady) await silo.WaitUntilReadyAsync();
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
        return silo;
    }

    /// <summary>Ends the process at once, the way a crash or <c>kill -9</c> does: nothing is flushed or deregistered.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200 (the silo started and bootstrapped).</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                // The redirected output is read asynchronously: wait until its last lines are recorded.
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} before it was ready:{Environment.NewLine}{OutputTail}");
            }
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
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
        throw new TimeoutException($"The silo was not ready within {StartTimeout.TotalSeconds} s:{Environment.NewLine}{OutputTail}");
    }

    private void Record(string? line)
    {
        if (line is null) return;
        if (_log is { } log)
        {
            lock (log)
            {
                if (_log is not null) log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
            }
        }
        _output.Enqueue(line);
        while (_output.Count > 400) _output.TryDequeue(out _);
    }

    private static string DotnetHost()
    {
        // The host running these tests is the one to run the silo with.
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet") return current;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
            // It never started or is already gone.
        }
        _process.Dispose();
        if (Interlocked.Exchange(ref _log, null) is { } log)
        {
            lock (log) log.Dispose();
        }
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a scratch folder in the temp directory.
        }
    }
}
