using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;

namespace DeepSeek.Cluster.Tests;

/// <summary>
/// A Cluster-profile deployment on loopback: a PostgreSQL server of its own (so tests may stop and start
/// it), Redis, Kafka (librdkafka's mock cluster, in this process) for the event streams, the schema applied by the silo's <c>migrate</c> command, and three silo processes with the
/// roles a production cluster splits: <c>auth,data</c>, <c>ai</c> and <c>gateway</c> (the HTTP API the
/// tests call). Silos can be killed (<c>kill -9</c>) and replaced.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string Model = "deepseek-tiny";
    public const string Data = "auth,data";
    public const string Ai = "ai";
    public const string Gateway = "gateway";
    public static readonly IReadOnlyList<string> Roles = [Data, Ai, Gateway];

    private readonly Dictionary<string, SiloProcess> _silos = [];
    private readonly string _scratch = Directory.CreateTempSubdirectory("deepseek-cluster-").FullName;
    private readonly string _clusterId = "cluster-tests-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private string _modelDirectory = "";
    private int _generation;
    private PlatformHttp? _api;

    /// <summary>The Orleans cluster id the silos share.</summary>
    public string ClusterId => _clusterId;

    public string AdminKey { get; } = "sk-ds-admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public PostgresServer Postgres { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    /// <summary>librdkafka's mock cluster: the Kafka the silos' event streams run on.</summary>
    public MockKafkaCluster Kafka { get; private set; } = null!;

    /// <summary>Partitions of each event topic.</summary>
    public const int Partitions = 4;

    /// <summary>The platform database's connection string.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>What the two <c>migrate</c> runs of the start-up printed.</summary>
    public IReadOnlyList<(int ExitCode, string Output)> Migrations { get; private set; } = [];

    /// <summary>The gateway silo's API (changes when the gateway is replaced).</summary>
    public PlatformHttp Api => _api ?? throw new InvalidOperationException("No gateway is running.");

    public SiloProcess Silo(string role) => _silos[role];

    public async Task InitializeAsync()
    {
        _modelDirectory = TinyModelDirectory.Create(Path.Combine(_scratch, Model), seed: 1);
        Postgres = await PostgresServer.StartOwnedAsync();
        Redis = await RedisServer.ConnectOrStartAsync();
        Kafka = new MockKafkaCluster();
        foreach (var ns in DeepSeek.Grains.Events.EventStreams.All) Kafka.CreateTopic($"orleans.{ns}", Partitions);
        ConnectionString = await Postgres.CreateDatabaseAsync("deepseek_cluster");
        // The operator's command, twice: the second run must find nothing to do.
        Migrations = [await RunSiloCommandAsync("migrate", $"--ConnectionStrings:Postgres={ConnectionString}"),
                      await RunSiloCommandAsync("migrate", $"--ConnectionStrings:Postgres={ConnectionString}")];
        await StartAsync(Roles);
    }

    /// <summary>Starts silos of the given roles side by side and waits until each is ready.</summary>
    public async Task StartAsync(IEnumerable<string> roles)
    {
        var starting = roles.Select(async role =>
        {
            var silo = await SiloProcess.StartAsync(Settings(role));
            lock (_silos) _silos[role] = silo;
            if (role == Gateway)
            {
                _api?.Dispose();
                _api = new PlatformHttp(silo.BaseAddress);
            }
        }).ToList();
        await Task.WhenAll(starting);
    }

    /// <summary>Kills the silo of <paramref name="role"/> the hard way: no graceful shutdown, no deregistration.</summary>
    public async Task KillAsync(string role)
    {
        if (_silos.Remove(role, out var silo))
        {
            await silo.KillAsync();
            await silo.DisposeAsync();
        }
    }

    /// <summary>Brings back whatever an earlier test stopped: the database and every role's silo.</summary>
    public async Task EnsureRunningAsync()
    {
        await Postgres.StartAsync();
        foreach (var (role, silo) in _silos.ToList())
        {
            if (silo.HasExited) await KillAsync(role);
        }
        var missing = Roles.Where(r => !_silos.ContainsKey(r)).ToList();
        if (missing.Count > 0) await StartAsync(missing);
        await WaitForChatAsync(AdminKey, TimeSpan.FromSeconds(90));
    }

    /// <summary>Retries a chat until one succeeds (a new silo is known to the others) and returns it.</summary>
    public async Task<Reply> WaitForChatAsync(string key, TimeSpan timeout, string question = "Are you there?")
    {
        var clock = Stopwatch.StartNew();
        Reply? last = null;
        while (clock.Elapsed < timeout)
        {
            try
            {
                last = await Api.ChatAsync(key, question, maxTokens: 2);
                if (last.Status == HttpStatusCode.OK) return last;
            }
            catch (HttpRequestException)
            {
                // The gateway is restarting.
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"No chat succeeded within {timeout.TotalSeconds} s; last reply {last}{Environment.NewLine}{Logs()}");
    }

    /// <summary>The silos' recent output, for failure messages.</summary>
    public string Logs() => string.Join(Environment.NewLine,
        _silos.Select(s => $"--- {s.Key} ---{Environment.NewLine}{s.Value.OutputTail}"));

    private Dictionary<string, string> Settings(string role) => new()
    {
        ["DeepSeek:Profile"] = "Cluster",
        ["DeepSeek:Roles"] = role,
        ["ConnectionStrings:Postgres"] = ConnectionString,
        ["ConnectionStrings:Redis"] = Redis.Endpoint,
        ["DeepSeek:Cluster:GrainDirectory"] = "Redis",
        ["DeepSeek:Streams:Kafka:BootstrapServers"] = Kafka.BootstrapServers,
        ["DeepSeek:Streams:Kafka:Partitions"] = Partitions.ToString(),
        ["DeepSeek:Orleans:ClusterId"] = _clusterId,
        // A killed silo is declared dead in a few seconds, not a minute.
        ["DeepSeek:Orleans:Membership:ProbeTimeout"] = "00:00:01",
        ["DeepSeek:Orleans:Membership:NumMissedProbesLimit"] = "2",
        ["DeepSeek:Orleans:Membership:NumVotesForDeathDeclaration"] = "1",
        ["DeepSeek:Bootstrap:AdminKey"] = AdminKey,
        [$"DeepSeek:Models:Directories:{Model}"] = _modelDirectory,
        ["DeepSeek:Devices:NodeName"] = $"{role.Replace(',', '-')}-{Interlocked.Increment(ref _generation)}",
    };

    /// <summary>Runs the silo executable as a one-shot command (such as <c>migrate</c>) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunSiloCommandAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DeepSeek.Silo.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return (process.ExitCode, (await output) + (await error));
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        foreach (var silo in _silos.Values) await silo.DisposeAsync();
        if (Redis is not null) await Redis.DisposeAsync();
        Kafka?.Dispose();
        if (Postgres is not null) await Postgres.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Cluster";
}
