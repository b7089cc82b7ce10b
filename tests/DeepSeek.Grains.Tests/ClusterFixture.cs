using DeepSeek.Knowledge.Embeddings;
using DeepSeek.Models;
using DeepSeek.Tokenizers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace DeepSeek.Grains.Tests;

/// <summary>
/// One in-process silo with the platform's grain services over a tiny model, memory storage under the
/// platform's provider names, and MiniLM behind a counter.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>Session history kept, in tokens of the tiny model.</summary>
    public const int HistoryTokenBudget = 64;

    private readonly string _scratch = Directory.CreateTempSubdirectory("deepseek-grains-").FullName;
    private readonly BatchingEmbeddingModel _miniLm = MiniLmEmbeddingModel.Create(intraOpThreads: 1);

    public ClusterFixture() => Embeddings = new CountingEmbeddingModel(_miniLm);

    /// <summary>Tenants whose token charges hang until <see cref="SlowCharges"/> completes.</summary>
    public const string SlowChargePrefix = "slowcharge_";

    public TaskCompletionSource SlowCharges { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public CountingEmbeddingModel Embeddings { get; }

    /// <summary>The tiny model's tokenizer, to count tokens the way the grains do.</summary>
    public ITokenizer Tokenizer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var model = TinyModel.Create(Path.Combine(_scratch, TinyModel.Id));
        Tokenizer = ModelDirectory.Open(model).Tokenizer;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"DeepSeek:Models:Directories:{TinyModel.Id}"] = model,
            ["DeepSeek:Models:CpuThreads"] = "1",
            ["DeepSeek:Sessions:HistoryTokenBudget"] = HistoryTokenBudget.ToString(),
        }).Build();

        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(ProviderNames.Storage);
            silo.AddMemoryGrainStorage(ProviderNames.PubSubStorage);
            silo.AddMemoryStreams(ProviderNames.Streams);
            // Registered first: the grain services only add what is missing.
            silo.Services.AddSingleton<IEmbeddingModel>(Embeddings);
            silo.Services.AddDeepSeekGrainServices(configuration);
            // Token charges to tenants named slowcharge_* wait until a test lets them through.
            silo.AddIncomingGrainCallFilter(async context =>
            {
                if (context.InterfaceMethod?.Name == nameof(Tenants.ITenantGrain.ChargeTokensAsync)
                    && context.TargetId.Key.ToString()!.StartsWith(SlowChargePrefix, StringComparison.Ordinal))
                {
                    await SlowCharges.Task;
                }
                await context.Invoke();
            });
        });
        // The client reads the event streams too (tests subscribe to them).
        builder.ConfigureClient(client => client.AddMemoryStreams(ProviderNames.Streams));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>Reads a grain's state straight from the storage provider, as it would sit in a database.</summary>
    public async Task<T> ReadStoredStateAsync<T>(IAddressable grain, string stateName) where T : new()
    {
        var storage = Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(ProviderNames.Storage);
        var state = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grain.GetGrainId(), state);
        return state.State ?? throw new InvalidOperationException($"No {stateName} state is stored for {grain.GetGrainId()}.");
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null) await Cluster.DisposeAsync();
        _miniLm.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }
}
