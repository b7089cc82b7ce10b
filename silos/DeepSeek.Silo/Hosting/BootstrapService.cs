using DeepSeek.Grains.Models;
using DeepSeek.Grains.Tenants;
using DeepSeek.Api;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DeepSeek.Silo.Hosting;

/// <summary>
/// After the silo starts: registers this silo's models in the cluster catalog, makes sure the platform
/// tenant and its admin key exist, and prints where the platform listens and where the key is.
/// </summary>
public sealed class BootstrapService(
    IGrainFactory grains,
    IModelHost models,
    IOptions<BootstrapOptions> bootstrap,
    IOptions<ApiOptions> api,
    IServer server,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    StartupGate gate,
    ILogger<BootstrapService> log) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _run = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _run = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Retries until it succeeds: in a cluster, silos of other roles (the catalog's, the tenants') may
    /// start later, and the database may be briefly away. The platform stays unready until then.
    /// </summary>
    private async Task RunAsync()
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await BootstrapAsync();
                return;
            }
            catch (InvalidOperationException e) when (e.Source == nameof(BootstrapService))
            {
                log.LogCritical("{Message}", e.Message);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
                return;
            }
            catch (Exception e) when (!_stopping.IsCancellationRequested)
            {
                log.LogWarning("Bootstrap is waiting for the cluster ({Error}); retrying in {Delay} ms.", e.Message, delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private async Task BootstrapAsync()
    {
        var roles = SiloRoles.Parse(configuration["DeepSeek:Roles"]);
        if (roles.Contains(SiloRoles.Ai))
        {
            foreach (var model in models.Models)
            {
                await grains.GetGrain<IModelCatalogGrain>("default").RegisterAsync(new ModelCard
                {
                    Id = model.Id,
                    CreatedAt = model.CreatedAt,
                    Architecture = model.Architecture,
                    Parameters = model.Parameters,
                    ContextLength = model.ContextLength,
                });
            }
        }
        string? keyFile = null;
        if (bootstrap.Value.Enabled && roles.Contains(SiloRoles.Auth)) keyFile = await EnsureAdminKeyAsync();
        gate.Open();
        if (lifetime.ApplicationStarted.IsCancellationRequested) Announce(keyFile);
        else lifetime.ApplicationStarted.Register(() => Announce(keyFile));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _run.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task<string?> EnsureAdminKeyAsync()
    {
        var settings = bootstrap.Value;
        var tenantId = api.Value.PlatformTenant;
        string? file = null;
        var key = settings.AdminKey;
        if (string.IsNullOrWhiteSpace(key))
        {
            file = Path.GetFullPath(settings.AdminKeyFile);
            if (File.Exists(file)) key = (await File.ReadAllTextAsync(file)).Trim();
            if (string.IsNullOrWhiteSpace(key))
            {
                key = ApiKeys.Generate(tenantId);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await File.WriteAllTextAsync(file, key + Environment.NewLine);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        if (!ApiKeys.TryGetTenant(key, out var keyTenant) || keyTenant != tenantId)
            throw new InvalidOperationException($"The bootstrap admin key must be a key of the platform tenant '{tenantId}' (sk-ds-{tenantId}-<64 hex>).") { Source = nameof(BootstrapService) };

        var tenant = grains.GetGrain<ITenantGrain>(tenantId);
        if (await tenant.GetAsync() is null)
            await tenant.CreateAsync("Platform administrators", new TenantLimits { RequestsPerMinute = 0, TokensPerMinute = 0 });
        var info = await tenant.EnsureKeyAsync(ApiKeys.Hash(key), ApiKeys.Preview(key), KeyRoles.Admin, "bootstrap");
        if (info.RevokedAt is not null) log.LogWarning("The configured bootstrap admin key was revoked and stays revoked.");
        return file;
    }

    private void Announce(string? keyFile)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses) Console.WriteLine($"DeepSeek.Orleans is listening on {address}");
        if (keyFile is not null) Console.WriteLine($"Platform admin key: {keyFile}");
        log.LogInformation("Listening on {Addresses}; models {Models}", string.Join(", ", addresses), string.Join(", ", models.Models.Select(m => m.Id)));
    }
}
