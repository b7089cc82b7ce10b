using System.Text;
using DeepSeek.Grains;
using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Cluster;
using DeepSeek.Grains.Placement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;

namespace DeepSeek.Placement.Tests;

/// <summary>
/// An in-process cluster of ai silos with simulated devices, wired like the real silo (grain services,
/// GPU placement, silo metadata). Silo <c>Silo_n</c> gets node <c>silo_n</c> and the n-th device spec.
/// </summary>
public sealed class GpuCluster : IAsyncDisposable
{
    public const string Small = "sim-7b";   // 14 GB of weights
    public const string Large = "sim-34b";  // 68 GB of weights
    public const long GiB = 1L << 30;

    private readonly List<SiloSpec> _specs;

    private GpuCluster(InProcessTestCluster cluster, List<SiloSpec> specs)
    {
        Cluster = cluster;
        _specs = specs;
    }

    public sealed record SiloSpec(int Devices, long MemoryBytes = 80 * GiB);

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public static Task<GpuCluster> StartAsync(params SiloSpec[] silos) => StartAsync(0.02, silos);

    /// <param name="timeScale">Real seconds per virtual second of the simulated devices.</param>
    /// <param name="silos">Devices of each silo.</param>
    public static async Task<GpuCluster> StartAsync(double timeScale, params SiloSpec[] silos)
    {
        var specs = silos.ToList();
        var builder = new InProcessTestClusterBuilder((short)silos.Length);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((options, host) =>
        {
            var index = int.Parse(options.SiloName.Split('_')[^1]);
            var spec = specs[Math.Min(index, specs.Count - 1)];
            host.Configuration.AddInMemoryCollection(Settings(options.SiloName.ToLowerInvariant(), spec, timeScale));
            host.Services.Configure<ClusterMembershipOptions>(o =>
            {
                // A killed silo is declared dead in a few seconds, not half a minute.
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
            host.UseOrleans(silo =>
            {
                silo.Services.AddDeepSeekGrainServices(host.Configuration);
                silo.AddGpuPlacement(host.Configuration, ["ai"], hostsWorkers: true);
                silo.AddMemoryGrainStorage(ProviderNames.Storage);
                silo.AddMemoryGrainStorage(ProviderNames.PubSubStorage);
                silo.AddMemoryStreams(ProviderNames.Streams);
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var gpus = new GpuCluster(cluster, specs);
        await gpus.WaitForDevicesAsync(silos.Sum(s => s.Devices));
        return gpus;
    }

    /// <summary>Starts one more silo with these devices and waits until they report and every silo's placement table holds them.</summary>
    public async Task<InProcessSiloHandle> AddSiloAsync(SiloSpec spec)
    {
        var before = (await Table()).Devices.Count(e => e.Age < TimeSpan.FromSeconds(1));
        _specs.Add(spec); // new silos take the last spec
        var silo = await Cluster.StartAdditionalSiloAsync();
        await WaitForDevicesAsync(before + spec.Devices);
        await WaitForPlacementTablesAsync(before + spec.Devices);
        return silo;
    }

    /// <summary>Waits (30 s at most) until each silo's own copy of the directory has <paramref name="count"/> fresh devices.</summary>
    private async Task WaitForPlacementTablesAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var now = TimeProvider.System.GetTimestamp();
            if (Cluster.Silos.All(s => s.ServiceProvider.GetRequiredService<GpuTableCache>().Current.Devices.Count(d => d.FreshUntil > now) >= count))
                return;
            await Task.Delay(50);
        }
    }

    private static Dictionary<string, string?> Settings(string node, SiloSpec spec, double timeScale) => new()
    {
        ["DeepSeek:Devices:NodeName"] = node,
        ["DeepSeek:Devices:Simulated:Count"] = $"{spec.Devices}",
        ["DeepSeek:Devices:Simulated:MemoryBytes"] = $"{spec.MemoryBytes}",
        ["DeepSeek:Devices:Simulated:MaxBatchSize"] = "4",
        ["DeepSeek:Devices:Simulated:TimeScale"] = timeScale.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DeepSeek:Models:Default"] = Small,
        [$"DeepSeek:Models:Simulated:{Small}:Parameters"] = "7000000000",
        [$"DeepSeek:Models:Simulated:{Large}:Parameters"] = "34000000000",
        ["DeepSeek:Placement:ReportInterval"] = "00:00:00.100",
        ["DeepSeek:Placement:RefreshInterval"] = "00:00:00.050",
        ["DeepSeek:Placement:StaleAfter"] = "00:00:01",
    };

    public Task<GpuTable> Table() => Client.GetGrain<IGpuDirectoryGrain>(0).GetTableAsync();

    public async Task<GpuTable> WaitForDevicesAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var table = await Table();
            if (table.Devices.Count(e => e.Age < table.StaleAfter) >= count || DateTime.UtcNow > deadline) return table;
            await Task.Delay(50);
        }
    }

    public InProcessSiloHandle SiloOf(string worker) =>
        Cluster.Silos.Single(s => s.Name.Equals(worker.Split('/')[0], StringComparison.OrdinalIgnoreCase));

    /// <summary>One turn, called the way the fallback grain calls it: placement context first, then the session's grain.</summary>
    public async Task<Turn> GenerateAsync(string? session, IReadOnlyList<ChatTurn> messages, string model = Small, int maxTokens = 8,
        SiloAddress? hint = null, CancellationToken cancellationToken = default)
    {
        var id = $"chatcmpl-{Guid.NewGuid():N}";
        var key = session is null ? id : PlacementKeys.SessionKey("t", session);
        if (session is not null) RequestContext.Set(PlacementKeys.Session, key);
        RequestContext.Set(PlacementKeys.Model, model);
        RequestContext.Set(PlacementKeys.ModelBytes, (model == Large ? 34L : 7L) * 2_000_000_000);
        if (hint is not null) RequestContext.Set(IPlacementDirector.PlacementHintKey, hint);
        var request = new CompletionRequest
        {
            CompletionId = id,
            TenantId = "t",
            Model = model,
            Messages = messages,
            SessionId = session,
            Sampling = new SamplingSettings { MaxTokens = maxTokens },
        };
        string? worker = null;
        var text = new StringBuilder();
        var cached = 0;
        await foreach (var chunk in Client.GetGrain<IDeepLearningGrain>(key).GenerateAsync(request, cancellationToken).WithCancellation(cancellationToken))
        {
            worker ??= chunk.Route?.Worker;
            text.Append(chunk.Text);
            cached = chunk.CachedPromptTokens ?? cached;
        }
        return new Turn(worker!, text.ToString(), cached);
    }

    public static IReadOnlyList<ChatTurn> Question(string text) =>
        [new("system", "You answer questions about the platform. " + new string('x', 400)), new("user", text)];

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
