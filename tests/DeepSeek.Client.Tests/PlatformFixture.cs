using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DeepSeek.Client.Tests;

/// <summary>One silo process and one client host (a second process's view of the cluster) shared by the platform tests.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public const string Model = "deepseek-tiny";

    /// <summary>A tenant created over the HTTP admin API, as an administrator would.</summary>
    public const string Tenant = "acme";

    private SiloProcess? _silo;
    private IHost? _host;

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("The fixture has not started.");
    public DeepSeekClientFactory Clients => _host!.Services.GetRequiredService<DeepSeekClientFactory>();
    public DeepSeekClient Client => _host!.Services.GetRequiredService<DeepSeekClient>();

    public async Task InitializeAsync()
    {
        _silo = await SiloProcess.StartAsync(Model);
        _host = await ClientHost.StartAsync(_silo.GatewayPort, Tenant, TimeSpan.FromSeconds(30));

        using var admin = _silo.CreateHttpClient(_silo.AdminKey);
        using var created = await admin.PostAsJsonAsync("/v1/admin/tenants", new { id = Tenant, name = "Acme" });
        created.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
            _host.Dispose();
        }
        if (_silo is not null) await _silo.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
