using System.Globalization;
using DeepSeek.Grains;
using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Placement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;

namespace DeepSeek.Placement.Benchmarks;

/// <summary>Three in-process ai silos with 1, 2 and 4 simulated devices (the two-device silo too small for the large model), under one policy.</summary>
internal sealed class BenchCluster(InProcessTestCluster cluster) : IAsyncDisposable
{
    public const long GiB = 1L << 30;

    public static readonly (int Devices, long Memory)[] Silos = [(1, 80 * GiB), (2, 48 * GiB), (4, 80 * GiB)];

    public IClusterClient Client => cluster.Client;

    public static int DeviceCount => Silos.Sum(s => s.Devices);

    public static async Task<BenchCluster> StartAsync(Policy policy, DeviceModel device, Workload workload, double timeScale)
    {
        var builder = new InProcessTestClusterBuilder((short)Silos.Length);
        builder.Options.ConfigureFileLogging = false;
        // Real CPU and memory figures, so Orleans' resource-optimized placement sees what it would in production.
        builder.Options.UseRealEnvironmentStatistics = true;
        builder.ConfigureSiloHost((options, host) =>
        {
            var index = int.Parse(options.SiloName.Split('_')[^1]);
            host.Configuration.AddInMemoryCollection(Settings(options.SiloName.ToLowerInvariant(), Silos[index], device, workload, timeScale));
            host.Logging.SetMinimumLevel(LogLevel.Warning);
            host.UseOrleans(silo =>
            {
                silo.Services.AddDeepSeekGrainServices(host.Configuration);
                silo.AddGpuPlacement(host.Configuration, ["ai"], hostsWorkers: true);
                silo.AddMemoryGrainStorage(ProviderNames.Storage);
                silo.AddMemoryGrainStorage(ProviderNames.PubSubStorage);
                silo.AddMemoryStreams(ProviderNames.Streams);
                UsePolicy(silo.Services, policy);
            });
        });
        builder.ConfigureClientHost(host => host.Logging.SetMinimumLevel(LogLevel.Warning));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        LiveTable.Silos = cluster.Silos.Select(s => s.SiloHost.Services.GetRequiredService<LocalDeviceView>()).ToList();
        // Every worker reports before the first request (the silos started them).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await cluster.Client.GetGrain<DeepSeek.Grains.Cluster.IGpuDirectoryGrain>(0).GetTableAsync()).Devices.Count < DeviceCount
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        await PrimeAsync(cluster.Client, workload);
        return new BenchCluster(cluster);
    }

    /// <summary>
    /// Loads every model on every device that can hold it, straight through the workers: the runs measure
    /// a warm fleet, not cold starts (which land in whichever window they happen to fall).
    /// </summary>
    private static async Task PrimeAsync(IClusterClient client, Workload workload)
    {
        var loads = new List<Task>();
        for (var silo = 0; silo < Silos.Length; silo++)
        {
            for (var device = 0; device < Silos[silo].Devices; device++)
            {
                foreach (var (model, parameters) in new[] { (Workload.Small, workload.SmallParameters), (Workload.Large, workload.LargeParameters) })
                {
                    if (parameters * 2 > Silos[silo].Memory) continue;
                    var request = new CompletionRequest
                    {
                        CompletionId = $"prime-{silo}-{device}-{model}",
                        TenantId = "bench",
                        Model = model,
                        Messages = [new ChatTurn("user", "hello")],
                        Sampling = new SamplingSettings { MaxTokens = 1 },
                    };
                    loads.Add(Drain(client.GetGrain<IGpuWorkerGrain>($"silo_{silo}/{device}").GenerateAsync(request)));
                }
            }
        }
        await Task.WhenAll(loads);

        static async Task Drain(IAsyncEnumerable<CompletionChunk> stream)
        {
            await foreach (var _ in stream) { }
        }
    }

    /// <summary>Replaces the platform's policy (registered first, so the last registration wins).</summary>
    private static void UsePolicy(IServiceCollection services, Policy policy)
    {
        switch (policy)
        {
            case Policy.OrleansDefault:
                services.AddSingleton<IDevicePolicy, LocalFirstPolicy>();
                services.AddKeyedSingleton<IPlacementDirector>(typeof(GpuAwarePlacement), (sp, _) =>
                    new OrleansDefaultDirector(sp.GetRequiredKeyedService<IPlacementDirector>(typeof(ResourceOptimizedPlacement))));
                break;
            case Policy.Random: services.AddSingleton<IDevicePolicy, RandomPolicy>(); break;
            case Policy.RoundRobin: services.AddSingleton<IDevicePolicy, RoundRobinPolicy>(); break;
            case Policy.LeastLoaded: services.AddSingleton<IDevicePolicy, LeastLoadedPolicy>(); break;
            case Policy.PowerOfTwo: services.AddSingleton<IDevicePolicy, PowerOfTwoPolicy>(); break;
            case Policy.Oracle:
                services.AddSingleton<IDevicePolicy, LeastLoadedPolicy>();
                services.AddSingleton<IDeviceTable, LiveTable>();
                break;
            case Policy.Ours: break;
        }
    }

    private static Dictionary<string, string?> Settings(string node, (int Devices, long Memory) silo, DeviceModel device, Workload workload, double timeScale)
    {
        string S(double value) => value.ToString(CultureInfo.InvariantCulture);
        // Reports and refreshes follow virtual time, so their staleness matches a real deployment's (1 s, 0.5 s).
        string Virtual(double seconds) => TimeSpan.FromSeconds(seconds * timeScale).ToString("c", CultureInfo.InvariantCulture);
        return new()
        {
            ["DeepSeek:Devices:NodeName"] = node,
            ["DeepSeek:Devices:Simulated:Count"] = $"{silo.Devices}",
            ["DeepSeek:Devices:Simulated:MemoryBytes"] = $"{silo.Memory}",
            ["DeepSeek:Devices:Simulated:MaxBatchSize"] = $"{device.MaxBatchSize}",
            ["DeepSeek:Devices:Simulated:KvCacheTokens"] = $"{device.KvCacheTokens}",
            ["DeepSeek:Devices:Simulated:PrefillMsPerToken"] = S(device.PrefillMsPerToken),
            ["DeepSeek:Devices:Simulated:DecodeBaseMs"] = S(device.DecodeBaseMs),
            ["DeepSeek:Devices:Simulated:DecodeMsPerSequence"] = S(device.DecodeMsPerSequence),
            ["DeepSeek:Devices:Simulated:LoadBytesPerSecond"] = S(device.LoadBytesPerSecond),
            ["DeepSeek:Devices:Simulated:ReferenceParameters"] = $"{workload.SmallParameters}",
            ["DeepSeek:Devices:Simulated:TimeScale"] = S(timeScale),
            ["DeepSeek:Models:Default"] = Workload.Small,
            ["DeepSeek:Models:MaxQueueLength"] = "100000", // queue rather than refuse: latency shows the overload
            [$"DeepSeek:Models:Simulated:{Workload.Small}:Parameters"] = $"{workload.SmallParameters}",
            [$"DeepSeek:Models:Simulated:{Workload.Large}:Parameters"] = $"{workload.LargeParameters}",
            ["DeepSeek:Placement:ReportInterval"] = Virtual(1),
            ["DeepSeek:Placement:RefreshInterval"] = Virtual(0.5),
            ["DeepSeek:Placement:StaleAfter"] = Virtual(3),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }
}
