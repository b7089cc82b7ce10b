using Microsoft.Extensions.Configuration;
using Orleans.Hosting;

namespace DeepSeek.Client.Hosting;

/// <summary>
/// How the client finds the cluster, chosen by <c>DeepSeek:Profile</c> exactly as the silo chooses its
/// membership: the one place a new profile (Cluster: PostgreSQL ADO.NET clustering) is added.
/// </summary>
public static class ClientClustering
{
    /// <summary>Must equal the silo's defaults in <c>silos/DeepSeek.Silo/Hosting/SiloSetup.cs</c>.</summary>
    public const string DefaultClusterId = "deepseek";

    /// <summary>Must equal the silo's defaults in <c>silos/DeepSeek.Silo/Hosting/SiloSetup.cs</c>.</summary>
    public const string DefaultServiceId = "deepseek-orleans";

    public static IClientBuilder UseDeepSeekClustering(this IClientBuilder client, IConfiguration configuration, DeepSeekClientOptions options)
    {
        // The same keys the silo reads, so one configuration file serves both processes.
        var profile = configuration["DeepSeek:Profile"] ?? "Embedded";
        var clusterId = configuration["DeepSeek:Orleans:ClusterId"] ?? DefaultClusterId;
        var serviceId = configuration["DeepSeek:Orleans:ServiceId"] ?? DefaultServiceId;
        if (profile.Equals("Cluster", StringComparison.OrdinalIgnoreCase))
        {
            // The silos' membership table lists the gateways: the client reads it from the same database.
            var postgres = configuration.GetConnectionString("Postgres");
            if (string.IsNullOrWhiteSpace(postgres))
                throw new InvalidOperationException("The Cluster profile needs ConnectionStrings:Postgres (the silos' database) to find the gateways.");
            client.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });
            return client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = postgres;
            });
        }
        if (!profile.Equals("Embedded", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"DeepSeek:Profile '{profile}' is not known; use Embedded or Cluster (see docs/client.md).");
        // Static gateway list on loopback; also sets ClusterOptions to the ids above.
        return client.UseLocalhostClustering(options.GatewayPort, serviceId, clusterId);
    }
}
