// Knowledge-route chat completions per second on the Cluster profile (PostgreSQL for membership, grain
// state, reminders and the usage read model; event streams on Kafka, librdkafka's mock cluster) against the Embedded profile (all in memory), in one run:
// the same silo executable with all roles in one process each, the same traffic, rounds interleaved.
// An extra line splits the Cluster profile over two silos (gateway | ai,auth,data).
// Usage: dotnet run -c Release --project tests/DeepSeek.Cluster.Benchmarks [-- --seconds 10 --rounds 5 --clients 32 --no-split --exact]
// (--exact sends only exact repeats: no embedding per request, so the profile's own cost is a larger share.)
using System.Diagnostics;
using System.Security.Cryptography;
using DeepSeek.Cluster.Benchmarks;
using DeepSeek.Testing;
using Npgsql;

var duration = TimeSpan.FromSeconds(Arg("--seconds", 10));
var rounds = Arg("--rounds", 5);
var clients = Arg("--clients", 32);
var split = !args.Contains("--no-split");
var traffic = args.Contains("--exact") ? Questions.Known : Questions.Traffic;
var warmUp = TimeSpan.FromSeconds(3);

var scratch = Directory.CreateTempSubdirectory("deepseek-cluster-bench-").FullName;
try
{
    var model = TinyModelDirectory.Create(Path.Combine(scratch, Deployment.Model));
    var adminKey = "sk-ds-admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    // A PostgreSQL of our own (fsync off) on loopback; each Cluster deployment gets its own migrated database.
    await using var postgres = await PostgresServer.StartOwnedAsync();
    // Kafka for the Cluster profile's event streams: librdkafka's mock cluster in this process, topics per deployment.
    using var kafka = new MockKafkaCluster();
    var single = await CreateMigratedDatabaseAsync("bench_cluster");
    var pair = split ? await CreateMigratedDatabaseAsync("bench_cluster_split") : null;
    Console.WriteLine($"PostgreSQL {await ScalarAsync<string>(single, "SHOW server_version")}; {clients} concurrent clients, " +
                      $"{duration.TotalSeconds:0} s per round after {warmUp.TotalSeconds:0} s warm-up, {rounds} interleaved rounds (medians); " +
                      (traffic == Questions.Known
                          ? $"traffic: {Questions.Known.Count} known questions, exact repeats only"
                          : $"traffic: {Questions.Known.Count} known questions, each asked as stored and reworded"));

    var deployments = new List<Deployment>();
    try
    {
        deployments.Add(await StartAsync("Embedded (1 silo, in memory)", [Silo("embedded", "all", database: null)]));
        deployments.Add(await StartAsync("Cluster (1 silo, PostgreSQL)", [Silo("cluster", "all", single)]));
        if (pair is not null)
        {
            deployments.Add(await StartAsync("Cluster (2 silos: gateway | ai,auth,data)",
                [Silo("split", "gateway", pair), Silo("split", "ai,auth,data", pair)]));
        }

        foreach (var deployment in deployments)
        {
            await deployment.PrepareAsync(adminKey);
            // Warm-up: every grain the route touches is activated, the JIT has compiled the hot paths.
            await MeasureAsync(deployment, warmUp);
        }

        // Rounds interleave the deployments, in reverse order every other round, so drifting machine load hits all alike.
        var samples = deployments.ToDictionary(d => d, _ => new List<LoadResult>());
        for (var round = 1; round <= rounds; round++)
        {
            var order = round % 2 == 1 ? deployments : Enumerable.Reverse(deployments).ToList();
            foreach (var deployment in order) samples[deployment].Add(await MeasureAsync(deployment, duration));
            Console.WriteLine($"round {round}: " + string.Join(", ", deployments.Select(d => $"{d.Name} {samples[d][^1].RequestsPerSecond:N0} req/s")));
        }

        Console.WriteLine();
        var medians = deployments.ToDictionary(d => d, d => LoadResult.Median(samples[d]));
        foreach (var deployment in deployments) Console.WriteLine($"{deployment.Name,-44}{medians[deployment]}");
        Console.WriteLine();
        // Each round measures every deployment back to back, so the ratio is taken per round and its median
        // reported: load from other processes that drifts between rounds cancels out of it.
        var embedded = samples[deployments[0]];
        foreach (var deployment in deployments.Skip(1))
        {
            var ratios = samples[deployment].Select((r, i) => r.RequestsPerSecond / embedded[i].RequestsPerSecond).Order().ToList();
            Console.WriteLine($"ratio {deployment.Name} / Embedded (req/s), median of rounds: {ratios[ratios.Count / 2]:F2}" +
                              $"   (rounds: {string.Join(", ", samples[deployment].Select((r, i) => (r.RequestsPerSecond / embedded[i].RequestsPerSecond).ToString("F2")))})");
        }

        // The Cluster profile's usage events land in PostgreSQL a moment after the answers: wait (up to a
        // minute) for the projection to catch up, then compare it with what the clients counted.
        var caughtUp = System.Diagnostics.Stopwatch.StartNew();
        long projected;
        while (true)
        {
            projected = await ScalarAsync<long>(single, "SELECT coalesce(sum(requests), 0)::bigint FROM usage_daily WHERE route = 'knowledge'");
            if (projected >= deployments[1].Answered || caughtUp.Elapsed > TimeSpan.FromMinutes(1)) break;
            await Task.Delay(250);
        }
        Console.WriteLine($"usage read model of {deployments[1].Name}: {projected:N0} knowledge requests recorded, {deployments[1].Answered:N0} answered" +
                          $" (read {caughtUp.Elapsed.TotalSeconds:F1} s after the last answer)");
        if (projected != deployments[1].Answered) Console.WriteLine($"its silo's last output:{Environment.NewLine}{deployments[1].OutputTail}");
    }
    finally
    {
        foreach (var deployment in deployments) await deployment.DisposeAsync();
    }

    async Task<string> CreateMigratedDatabaseAsync(string name)
    {
        var connectionString = await postgres.CreateDatabaseAsync(name);
        await RunSiloCommandAsync("migrate", $"--ConnectionStrings:Postgres={connectionString}");
        return connectionString;
    }

    // One silo's settings, the same for every deployment but its roles and, for the Cluster profile, its database.
    Dictionary<string, string> Silo(string cluster, string roles, string? database)
    {
        var settings = new Dictionary<string, string>
        {
            ["DeepSeek:Roles"] = roles,
            ["DeepSeek:Orleans:ClusterId"] = $"bench-{cluster}",
            ["DeepSeek:Devices:NodeName"] = $"{cluster}-{roles.Replace(',', '-')}",
            ["DeepSeek:Bootstrap:AdminKey"] = adminKey,
            [$"DeepSeek:Models:Directories:{Deployment.Model}"] = model,
        };
        if (database is not null)
        {
            settings["DeepSeek:Profile"] = "Cluster";
            settings["ConnectionStrings:Postgres"] = database;
            settings["DeepSeek:Streams:Kafka:BootstrapServers"] = kafka.BootstrapServers;
            settings["DeepSeek:Streams:Kafka:TopicPrefix"] = $"{cluster}.";
            settings["DeepSeek:Streams:Kafka:Partitions"] = "4";
            foreach (var ns in DeepSeek.Grains.Events.EventStreams.All)
            {
                try
                {
                    kafka.CreateTopic($"{cluster}.{ns}", 4);
                }
                catch (InvalidOperationException)
                {
                    // Created for this deployment's other silo already.
                }
            }
        }
        return settings;
    }
}
finally
{
    Directory.Delete(scratch, recursive: true);
}

async Task<Deployment> StartAsync(string name, IReadOnlyList<Dictionary<string, string>> silos)
{
    var deployment = await Deployment.StartAsync(name, silos);
    Console.WriteLine($"started {name} in {deployment.StartedIn.TotalSeconds:F1} s");
    return deployment;
}

Task<LoadResult> MeasureAsync(Deployment deployment, TimeSpan time) =>
    LoadGenerator.RunAsync(clients, time, (worker, i) => deployment.AskAsync(traffic[(worker + i) % traffic.Count]));

// The operator's command, run the way an operator runs it: the silo executable next to this program.
static async Task RunSiloCommandAsync(params string[] arguments)
{
    var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DeepSeek.Silo.dll"));
    foreach (var argument in arguments) start.ArgumentList.Add(argument);
    using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the silo executable.");
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
    if (process.ExitCode != 0)
        throw new InvalidOperationException($"DeepSeek.Silo {arguments[0]} exited with {process.ExitCode}: {await output}{await error}");
}

static async Task<T> ScalarAsync<T>(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    return (T)(await command.ExecuteScalarAsync())!;
}

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback;
}
