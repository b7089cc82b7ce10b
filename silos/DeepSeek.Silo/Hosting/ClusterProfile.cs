using System.Net;
using DeepSeek.Grains;
using DeepSeek.Grains.Usage;
using DeepSeek.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;
using StackExchange.Redis;

namespace DeepSeek.Silo.Hosting;

/// <summary>
/// The Cluster profile: membership, grain state and reminders in PostgreSQL (the project's own schema,
/// applied by <c>migrate</c>), optional Redis for online features and the grain directory, silo endpoints
/// that other machines can reach.
/// </summary>
public static class ClusterProfile
{
    public const string PostgresConnection = "Postgres";
    public const string RedisConnection = "Redis";

    /// <summary>The PostgreSQL connection string of the Cluster profile, or a clear error naming where it is configured.</summary>
    public static string PostgresConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(PostgresConnection) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "The Cluster profile needs a PostgreSQL connection string: set ConnectionStrings:Postgres " +
                "(environment variable ConnectionStrings__Postgres), e.g. 'Host=127.0.0.1;Port=5432;Database=deepseek;Username=deepseek;Password=...'.");

    public static void AddClusterServices(IServiceCollection services, IConfiguration configuration)
    {
        var dataSource = CreateDataSource(PostgresConnectionString(configuration));
        services.AddSingleton(dataSource);
        services.AddSingleton<IUsageStore, PostgresUsageStore>();
        services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            "postgres", sp => new PostgresHealthCheck(sp.GetRequiredService<NpgsqlDataSource>()), null, [ServiceDefaults.ReadyTag]));

        if (configuration.GetConnectionString(RedisConnection) is { Length: > 0 } redis)
        {
            var options = RedisOptions(redis);
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
            // Redis serves online features: without it the platform still answers chats, so it degrades readiness.
            // As the grain directory it is needed for every activation, so then it fails readiness.
            var failure = UsesRedisGrainDirectory(configuration)
                ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy
                : Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded;
            services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
                "redis", sp => new RedisHealthCheck(sp.GetRequiredService<IConnectionMultiplexer>()), failure, [ServiceDefaults.ReadyTag]));
        }
    }

    public static void ConfigureSilo(ISiloBuilder silo, IConfiguration configuration)
    {
        var orleans = configuration.GetSection("DeepSeek:Orleans");
        var advertised = orleans["AdvertisedAddress"] ?? Environment.GetEnvironmentVariable("POD_IP") ?? "127.0.0.1";
        if (!IPAddress.TryParse(advertised, out var address))
            throw new InvalidOperationException($"DeepSeek:Orleans:AdvertisedAddress '{advertised}' is not an IP address.");
        silo.ConfigureEndpoints(address,
            orleans.GetValue("SiloPort", 11111),
            orleans.GetValue("GatewayPort", 30000),
            listenOnAnyHostAddress: orleans.GetValue("ListenOnAnyHostAddress", false));
        silo.Configure<ClusterMembershipOptions>(orleans.GetSection("Membership"));
        var postgres = PostgresConnectionString(configuration);

        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = postgres;
        });
        foreach (var name in new[] { ProviderNames.Storage, ProviderNames.PubSubStorage })
        {
            // The ADO.NET provider under an inner name; grains use it through a wrapper that reports an
            // outage as 503 storage_unavailable.
            var inner = name + ".adonet";
            silo.Services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>(name,
                (sp, _) => new ServiceUnavailableGrainStorage(sp.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(inner)));
            silo.AddAdoNetGrainStorage(inner, o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = postgres;
            });
            // Orleans' own binary format: the state classes are already [GenerateSerializer] types, and it is
            // compact for embedding vectors.
            silo.Services.AddOptions<AdoNetGrainStorageOptions>(inner)
                .Configure<Orleans.Serialization.Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        }
        // Grains that query PostgreSQL themselves (the usage read model) report an outage as 503 too.
        silo.AddIncomingGrainCallFilter<StorageFailureFilter>();
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = postgres;
        });

        if (UsesRedisGrainDirectory(configuration))
        {
            var redis = configuration.GetConnectionString(RedisConnection) is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException("DeepSeek:Cluster:GrainDirectory=Redis needs ConnectionStrings:Redis.");
            silo.UseRedisGrainDirectoryAsDefault(o => o.ConfigurationOptions = RedisOptions(redis));
        }
    }

    /// <summary>Whether <c>DeepSeek:Cluster:GrainDirectory</c> is <c>Redis</c> (else Orleans' own distributed directory).</summary>
    public static bool UsesRedisGrainDirectory(IConfiguration configuration)
    {
        var directory = configuration["DeepSeek:Cluster:GrainDirectory"] ?? "Default";
        if (directory.Equals("Redis", StringComparison.OrdinalIgnoreCase)) return true;
        if (directory.Equals("Default", StringComparison.OrdinalIgnoreCase)) return false;
        throw new InvalidOperationException($"DeepSeek:Cluster:GrainDirectory '{directory}' is not known; use Default or Redis.");
    }

    private static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        try
        {
            return NpgsqlDataSource.Create(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"ConnectionStrings:Postgres is not a valid PostgreSQL connection string: {e.Message}");
        }
    }

    private static ConfigurationOptions RedisOptions(string connectionString)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"ConnectionStrings:Redis is not a valid Redis connection string: {e.Message}");
        }
        // Start even while Redis is down, and reconnect by itself.
        options.AbortOnConnectFail = false;
        return options;
    }
}
