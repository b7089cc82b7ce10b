using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DeepSeek.Client.Hosting;

/// <summary>
/// Registers an Orleans client connected to the DeepSeek cluster, <see cref="DeepSeekClientFactory"/>, and
/// <see cref="DeepSeekClient"/> for <c>DeepSeek:Client:Tenant</c>. For a process that is not a silo: a silo
/// host injects <see cref="IGrainFactory"/> and constructs <see cref="DeepSeekClient"/> itself.
/// </summary>
public static class DeepSeekClientHosting
{
    public static IHostApplicationBuilder UseDeepSeekClient(this IHostApplicationBuilder builder, Action<DeepSeekClientOptions>? configure = null)
    {
        builder.Services.AddDeepSeekClient(builder.Configuration, configure);
        return builder;
    }

    public static IServiceCollection AddDeepSeekClient(this IServiceCollection services, IConfiguration configuration,
        Action<DeepSeekClientOptions>? configure = null)
    {
        // Bound now: the clustering below needs the gateway port while the client is being built.
        var options = new DeepSeekClientOptions();
        configuration.GetSection(DeepSeekClientOptions.Section).Bind(options);
        configure?.Invoke(options);
        if (options.GatewayPort is < 1 or > 65535)
            throw new InvalidOperationException($"DeepSeek:Client:GatewayPort must be a TCP port; got {options.GatewayPort}.");

        services.AddSingleton(Options.Create(options));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IClientConnectionRetryFilter, BoundedConnectionRetry>();
        services.AddOrleansClient(client => client.UseDeepSeekClustering(configuration, options));
        services.AddSingleton<DeepSeekClientFactory>();
        services.AddSingleton(sp => sp.GetRequiredService<DeepSeekClientFactory>().ForConfiguredTenant());
        return services;
    }
}
