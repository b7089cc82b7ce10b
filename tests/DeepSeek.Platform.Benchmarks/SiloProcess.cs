using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DeepSeek.Platform.Benchmarks;

/// <summary>The real platform as a child process on loopback, stopped by its pid.</summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SiloProcess(Process process, Uri address, string adminKey)
    {
        _process = process;
        Address = address;
        AdminKey = adminKey;
    }

    public Uri Address { get; }

    public string AdminKey { get; }

    public static async Task<SiloProcess> StartAsync(string modelDirectory, string workDirectory)
    {
        var adminKey = "sk-ds-admin-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var port = FreePort();
        var silo = Path.Combine(AppContext.BaseDirectory, "DeepSeek.Silo.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            silo, "--urls", $"http://127.0.0.1:{port}",
            $"--DeepSeek:Models:Directories:deepseek-tiny={modelDirectory}",
            $"--DeepSeek:Bootstrap:AdminKey={adminKey}",
            $"--DeepSeek:Orleans:SiloPort={FreePort()}", $"--DeepSeek:Orleans:GatewayPort={FreePort()}",
            "--DeepSeek:Logging:Json=false", "--Logging:LogLevel:Default=Warning",
            // The benchmark measures throughput; per-tenant limits would cap it.
            "--DeepSeek:Models:MaxBatchSize=16",
            // Paraphrases carry a ticket number; a lower bar keeps them all on the knowledge route being measured.
            "--DeepSeek:Knowledge:SimilarityThreshold=0.4",
        })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[silo] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var silo1 = new SiloProcess(process, new Uri($"http://127.0.0.1:{port}"), adminKey);
        using var http = new HttpClient { BaseAddress = silo1.Address };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The silo exited with code {process.ExitCode}.");
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return silo1;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        await silo1.DisposeAsync();
        throw new TimeoutException("The silo did not become ready in 90 s.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
