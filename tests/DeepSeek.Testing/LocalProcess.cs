using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DeepSeek.Testing;

/// <summary>Small helpers the server fixtures share: free loopback ports and running a tool to completion.</summary>
internal static class LocalProcess
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>A TCP port free on 127.0.0.1 right now (the OS picks it; another process could take it before us).</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a program and returns its exit code and combined output; throws when it outlives the timeout.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds:0} s.");
        }
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    /// <summary>Runs a program and throws with its output when it fails.</summary>
    public static async Task<string> RunCheckedAsync(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var list = arguments.ToList();
        var (exitCode, output) = await RunAsync(program, list, timeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', list)} exited with {exitCode}:\n{output}");
        }
        return output;
    }

    /// <summary>Finds an executable on PATH.</summary>
    public static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    /// <summary>
    /// Makes sure a Debian package is installed when <paramref name="isPresent"/> says it is missing: as
    /// root with apt-get, test runs on a fresh Debian machine install what they need themselves (one
    /// install at a time, also across test processes). Elsewhere it changes nothing.
    /// </summary>
    public static async Task EnsureDebianPackageAsync(string package, Func<bool> isPresent)
    {
        if (isPresent() || !IsRoot || OnPath("apt-get") is null) return;
        await InstallGate.WaitAsync();
        try
        {
            // apt takes its own lock; this one keeps test processes from failing on each other's.
            await using var crossProcess = await AcquireFileLockAsync(Path.Combine(Path.GetTempPath(), "deepseek-tests-apt.lock"));
            if (isPresent()) return;
            var install = await RunAsync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", package], TimeSpan.FromMinutes(5));
            if (install.ExitCode != 0)
            {
                await RunAsync("apt-get", ["update", "-qq"], TimeSpan.FromMinutes(5));
                await RunAsync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", package], TimeSpan.FromMinutes(5));
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(200);
            }
        }
    }
}
