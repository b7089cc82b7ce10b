using DeepSeek.Grains.Devices;
using DeepSeek.Grains.Inference;
using DeepSeek.Grains.Knowledge;
using DeepSeek.Knowledge.Embeddings;
using DeepSeek.Grains.Models;
using DeepSeek.Grains.Sessions;
using DeepSeek.Grains.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DeepSeek.Grains;

/// <summary>The services the grains need on a silo.</summary>
public static class GrainServices
{
    public static IServiceCollection AddDeepSeekGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ModelHostOptions>(configuration.GetSection("DeepSeek:Models"));
        services.Configure<DeviceOptions>(configuration.GetSection("DeepSeek:Devices"));
        services.Configure<InferenceOptions>(configuration.GetSection("DeepSeek:Inference"));
        services.Configure<SessionOptions>(configuration.GetSection("DeepSeek:Sessions"));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDeviceInventory, LocalDeviceInventory>();
        services.TryAddSingleton<IModelHost, LocalModelHost>();
        services.TryAddSingleton<ITokenCounter, ModelTokenCounter>();
        // The Cluster profile registers the PostgreSQL read model before this.
        services.TryAddSingleton<IUsageStore, InMemoryUsageStore>();
        services.Configure<KnowledgeGrainOptions>(configuration.GetSection("DeepSeek:Knowledge"));
        // One MiniLM encoder and batching thread per silo, loaded on first use.
        services.TryAddSingleton<IEmbeddingModel>(_ => MiniLmEmbeddingModel.Create());
        return services;
    }
}
