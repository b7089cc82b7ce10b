using Orleans.Dashboard;
using DeepSeek.Grains;
using DeepSeek.Grains.Placement;
using Orleans.Configuration;

namespace DeepSeek.Silo.Hosting;

/// <summary>Wires the Orleans silo for the configured profile and roles.</summary>
public static class SiloSetup
{
    public static WebApplicationBuilder AddDeepSeekSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var profile = configuration["DeepSeek:Profile"] ?? "Embedded";
        if (!profile.Equals("Embedded", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"DeepSeek:Profile '{profile}' is not available in this build; the Embedded profile is (see docs/configuration.md).");
        }
        var roles = SiloRoles.Parse(configuration["DeepSeek:Roles"]);
        builder.Services.AddDeepSeekGrainServices(configuration);

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = configuration["DeepSeek:Orleans:ClusterId"] ?? "deepseek";
                o.ServiceId = configuration["DeepSeek:Orleans:ServiceId"] ?? "deepseek-orleans";
            });
            silo.UseLocalhostClustering(
                siloPort: configuration.GetValue("DeepSeek:Orleans:SiloPort", 11111),
                gatewayPort: configuration.GetValue("DeepSeek:Orleans:GatewayPort", 30000));
            silo.AddMemoryGrainStorage(ProviderNames.Storage);
            silo.AddMemoryGrainStorage(ProviderNames.PubSubStorage);
            silo.AddMemoryStreams(ProviderNames.Streams);
            silo.UseInMemoryReminderService();
            silo.AddActivityPropagation();
            silo.AddDashboard();
            silo.AddGpuPlacement(configuration, roles, hostsWorkers: roles.Contains(SiloRoles.Ai));
            silo.Configure<GrainTypeOptions>(options =>
            {
                foreach (var (grain, role) in SiloRoles.GrainRoles)
                {
                    if (!roles.Contains(role)) options.Classes.Remove(grain);
                }
            });
        });
        builder.Services.Configure<BootstrapOptions>(configuration.GetSection("DeepSeek:Bootstrap"));
        builder.Services.AddStartupGate();
        // Registered after the silo so it starts once the silo is up.
        builder.Services.Configure<BootstrapOptions>(configuration.GetSection("DeepSeek:Bootstrap"));
        builder.Services.AddHostedService<BootstrapService>();
        if (roles.Contains(SiloRoles.Ai)) builder.Services.AddHostedService<GpuMetrics>();
        return builder;
    }
}
