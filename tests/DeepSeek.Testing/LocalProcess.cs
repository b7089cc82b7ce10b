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
}
