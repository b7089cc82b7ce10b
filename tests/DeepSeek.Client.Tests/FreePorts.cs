using System.Net;
using System.Net.Sockets;

namespace DeepSeek.Client.Tests;

/// <summary>Loopback ports nobody listens on right now (the OS picks them, so parallel runs do not collide).</summary>
public static class FreePorts
{
    public static int[] Take(int count)
    {
        // Held open together so the OS hands out distinct ports, then released for the silo to bind.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
