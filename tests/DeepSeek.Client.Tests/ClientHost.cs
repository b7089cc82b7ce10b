using DeepSeek.Client.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Client.Tests;

/// <summary>A consumer process's host as an internal service would build it: configuration plus <c>UseDeepSeekClient</c>.</summary>
public static class ClientHost
{
    public static async Task<IHost> StartAsync(int gatewayPort, string tenant, TimeSpan connectTimeout)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DeepSeek:Client:GatewayPort"] = gatewayPort.ToString(),
            ["DeepSeek:Client:Tenant"] = tenant,
            ["DeepSeek:Client:ConnectTimeout"] = connectTimeout.ToString(),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseDeepSeekClient();
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return host;
    }
}
