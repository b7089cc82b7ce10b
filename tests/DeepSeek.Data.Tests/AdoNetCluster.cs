using System.Reflection;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace DeepSeek.Data.Tests;

/// <summary>
/// An in-process cluster whose membership, grain state and reminders all live in PostgreSQL through
/// the Orleans ADO.NET providers, on the schema of <see cref="PostgresMigrator"/>. Its client finds
/// the silos through the same table (the gateway query), not through the test harness.
/// </summary>
public sealed class AdoNetCluster : IAsyncDisposable
{
    public const string StorageName = "store";

    /// <summary>A second storage provider over the same table that deletes the row on clear.</summary>
    public const string DeletingStorageName = "store-deleting";
    private const string Invariant = "Npgsql";

    private readonly NpgsqlDataSource _dataSource;

    private AdoNetCluster(InProcessTestCluster cluster, NpgsqlDataSource dataSource, string serviceId, string clusterId)
    {
        Cluster = cluster;
        _dataSource = dataSource;
        ServiceId = serviceId;
        ClusterId = clusterId;
    }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public string ServiceId { get; }

    public string ClusterId { get; }

    public static async Task<AdoNetCluster> StartAsync(string connectionString, string serviceId, short silos = 2)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.Options.ConfigureFileLogging = false;
        UseRealMembership(builder.Options);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseAdoNetClustering(o => { o.Invariant = Invariant; o.DataSource = dataSource; });
            silo.AddAdoNetGrainStorage(StorageName, o => { o.Invariant = Invariant; o.DataSource = dataSource; });
            silo.AddAdoNetGrainStorage(DeletingStorageName, o =>
            {
                o.Invariant = Invariant;
                o.DataSource = dataSource;
                o.DeleteStateOnClear = true;
            });
            silo.UseAdoNetReminderService(o => { o.Invariant = Invariant; o.DataSource = dataSource; });
            // Reminders normally tick at most once a minute; the test wants to see one fire in seconds.
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        builder.ConfigureClient(client =>
            client.UseAdoNetClustering(o => { o.Invariant = Invariant; o.DataSource = dataSource; }));

        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            await dataSource.DisposeAsync();
            throw;
        }
        return new AdoNetCluster(cluster, dataSource, serviceId, builder.Options.ClusterId);
    }

    /// <summary>
    /// The in-process harness puts its own in-memory membership table (and a directory tied to it)
    /// behind every silo and client unless told not to, and that switch is internal. Turning it off
    /// is the point of these tests, so it is flipped here, loudly if it ever goes away.
    /// </summary>
    private static void UseRealMembership(InProcessTestClusterOptions options)
    {
        foreach (var name in new[] { "UseTestClusterMembership", "UseTestClusterGrainDirectory" })
        {
            var property = typeof(InProcessTestClusterOptions).GetProperty(name, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
                ?? throw new InvalidOperationException($"{nameof(InProcessTestClusterOptions)}.{name} no longer exists: find the new way to run the in-process cluster on real membership.");
            property.SetValue(options, false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
