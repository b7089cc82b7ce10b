using DeepSeek.Data;

namespace DeepSeek.Silo.Hosting;

/// <summary>
/// <c>DeepSeek.Silo migrate</c>: applies the project's PostgreSQL schema to the Cluster profile's
/// database (ConnectionStrings:Postgres) and exits. Safe to run again and from several machines at once.
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0].Equals(Name, StringComparison.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args[1..])
            .Build();
        try
        {
            var connectionString = ClusterProfile.PostgresConnectionString(configuration);
            var migrator = new PostgresMigrator { CreateDatabaseIfMissing = configuration.GetValue("DeepSeek:Cluster:CreateDatabase", true) };
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            var report = await migrator.MigrateAsync(connectionString, cancel.Token);
            Console.WriteLine(report);
            return 0;
        }
        catch (Exception e) when (e is MigrationException or InvalidOperationException)
        {
            Console.Error.WriteLine($"migrate failed: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("migrate was cancelled.");
            return 2;
        }
    }
}
