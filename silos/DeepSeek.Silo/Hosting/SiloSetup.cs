using DeepSeek.Hosting;
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
        var cluster = IsClusterProfile(configuration);
        var roles = SiloRoles.Parse(configuration["DeepSeek:Roles"]);
        // Registered first: the grain services only add what is missing.
        if (cluster) ClusterProfile.AddClusterServices(builder.Services, configuration);
        builder.Services.AddDeepSeekGrainServices(configuration);

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = configuration["DeepSeek:Orleans:ClusterId"] ?? "deepseek";
                o.ServiceId = configuration["DeepSeek:Orleans:ServiceId"] ?? "deepseek-orleans";
            });
            if (cluster)
            {
                ClusterProfile.ConfigureSilo(silo, configuration);
            }
            else
            {
                silo.UseLocalhostClustering(
                    siloPort: configuration.GetValue("DeepSeek:Orleans:SiloPort", 11111),
                    gatewayPort: configuration.GetValue("DeepSeek:Orleans:GatewayPort", 30000));
                silo.AddMemoryGrainStorage(ProviderNames.Storage);
                silo.AddMemoryGrainStorage(ProviderNames.PubSubStorage);
                silo.UseInMemoryReminderService();
            }
            StreamsSetup.AddEventStreams(silo, configuration, cluster);
            // Trace context crosses grain calls only when traces are exported: the filters it adds cost
            // every grain call an extra invoker and state machine even when no span is recorded.
            if (ServiceDefaults.TracesExported(configuration)) silo.AddActivityPropagation();
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
        builder.Services.AddStartupGate();
        // Registered after the silo so it starts once the silo is up.
        builder.Services.Configure<BootstrapOptions>(configuration.GetSection("DeepSeek:Bootstrap"));
        builder.Services.AddHostedService<BootstrapService>();
        if (roles.Contains(SiloRoles.Ai)) builder.Services.AddHostedService<GpuMetrics>();
        return builder;
    }

    /// <summary>Whether <c>DeepSeek:Profile</c> selects the Cluster profile (Embedded is the default).</summary>
    public static bool IsClusterProfile(IConfiguration configuration)
    {
        var profile = configuration["DeepSeek:Profile"] ?? "Embedded";
        if (profile.Equals("Embedded", StringComparison.OrdinalIgnoreCase)) return false;
        if (profile.Equals("Cluster", StringComparison.OrdinalIgnoreCase)) return true;
        throw new InvalidOperationException($"DeepSeek:Profile '{profile}' is not known; use Embedded or Cluster (see docs/configuration.md).");
    }
}
