using System.Diagnostics;

namespace DeepSeek.Client.Tests;

public sealed class ConnectionTests
{
    [Fact(Timeout = 60_000)]
    public async Task AClientWithNoSiloAtItsGatewayFailsClearlyWithinItsTimeout()
    {
        var port = FreePorts.Take(1)[0];
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DeepSeekConnectionException>(() => ClientHost.StartAsync(port, "acme", TimeSpan.FromSeconds(3)));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.Contains("DeepSeek:Client:GatewayPort", error.Message);
        Assert.NotNull(error.InnerException);
    }
}
