using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;

namespace DeepSeek.Streaming.Kafka;

/// <summary>Registers the Kafka stream provider on silos and clients, and its health check.</summary>
public static class KafkaStreamsExtensions
{
    /// <summary>Adds persistent stream provider <paramref name="name"/> on Kafka to a silo.</summary>
    public static ISiloBuilder AddKafkaStreams(this ISiloBuilder builder, string name, Action<KafkaStreamOptions> configure,
        Action<ISiloPersistentStreamConfigurator>? configureStream = null) =>
        builder.AddKafkaStreams(name, options => options.Configure(configure), configureStream);

    /// <summary>
    /// Adds persistent stream provider <paramref name="name"/> on Kafka to a silo, its options built by
    /// <paramref name="configureOptions"/> (e.g. <c>o => o.BindConfiguration("Kafka")</c>).
    /// </summary>
    public static ISiloBuilder AddKafkaStreams(this ISiloBuilder builder, string name, Action<OptionsBuilder<KafkaStreamOptions>> configureOptions,
        Action<ISiloPersistentStreamConfigurator>? configureStream = null)
    {
        AddServices(builder.Services, name, configureOptions);
        return builder.AddPersistentStreams(name, KafkaQueueAdapterFactory.Create, stream => configureStream?.Invoke(stream));
    }

    /// <summary>Adds persistent stream provider <paramref name="name"/> on Kafka to a client (it produces; silos consume).</summary>
    public static IClientBuilder AddKafkaStreams(this IClientBuilder builder, string name, Action<KafkaStreamOptions> configure) =>
        builder.AddKafkaStreams(name, options => options.Configure(configure));

    /// <summary>Adds persistent stream provider <paramref name="name"/> on Kafka to a client, options built by <paramref name="configureOptions"/>.</summary>
    public static IClientBuilder AddKafkaStreams(this IClientBuilder builder, string name, Action<OptionsBuilder<KafkaStreamOptions>> configureOptions)
    {
        AddServices(builder.Services, name, configureOptions);
        return builder.AddPersistentStreams(name, KafkaQueueAdapterFactory.Create, null);
    }

    /// <summary>
    /// Adds <see cref="KafkaStreamsHealthCheck"/> for provider <paramref name="name"/> as check <c>kafka-streams-{name}</c>,
    /// reporting <paramref name="failureStatus"/> while no broker answers.
    /// </summary>
    public static IHealthChecksBuilder AddKafkaStreams(this IHealthChecksBuilder builder, string name,
        HealthStatus failureStatus = HealthStatus.Degraded, IEnumerable<string>? tags = null) =>
        builder.Add(new HealthCheckRegistration($"kafka-streams-{name}", services => new KafkaStreamsHealthCheck(services, name), failureStatus, tags));

    private static void AddServices(IServiceCollection services, string name, Action<OptionsBuilder<KafkaStreamOptions>> configureOptions)
    {
        configureOptions(services.AddOptions<KafkaStreamOptions>(name));
        services.TryAddKeyedSingleton(name, (sp, _) => new KafkaStreamsMonitor(
            name, sp.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(name), sp.GetRequiredService<ILogger<KafkaStreamsMonitor>>()));
        services.AddTransient<IConfigurationValidator>(sp =>
            new KafkaStreamOptionsValidator(sp.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(name), name));
    }
}
