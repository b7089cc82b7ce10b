using DeepSeek.Grains;
using DeepSeek.Grains.Events;
using DeepSeek.Hosting;
using DeepSeek.Streaming.Kafka;
using Orleans.Streams;

namespace DeepSeek.Silo.Hosting;

/// <summary>
/// The platform's event streams (provider <see cref="ProviderNames.Streams"/>): Orleans memory streams in
/// the Embedded profile, Kafka in the Cluster profile. Grains publish and subscribe the same way on both.
/// Every consumer subscribes implicitly (by namespace), so there is no pub-sub rendezvous per stream:
/// producing costs no grain call, and a crashed silo leaves no stale subscription state behind.
/// </summary>
public static class StreamsSetup
{
    public const string Memory = "Memory";
    public const string Kafka = "Kafka";

    public static void AddEventStreams(ISiloBuilder silo, IConfiguration configuration, bool cluster)
    {
        var provider = configuration["DeepSeek:Streams:Provider"] ?? (cluster ? Kafka : Memory);
        if (provider.Equals(Memory, StringComparison.OrdinalIgnoreCase))
        {
            silo.AddMemoryStreams(ProviderNames.Streams, stream => stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly));
            return;
        }
        if (!provider.Equals(Kafka, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"DeepSeek:Streams:Provider '{provider}' is not known; use Memory or Kafka.");

        var section = configuration.GetSection("DeepSeek:Streams:Kafka");
        if (string.IsNullOrWhiteSpace(section["BootstrapServers"]))
        {
            throw new InvalidOperationException(
                "Events stream through Kafka here: set DeepSeek:Streams:Kafka:BootstrapServers (host:port[,host:port]), " +
                "or DeepSeek:Streams:Provider=Memory to keep events in silo memory (they are then lost with a silo).");
        }
        silo.AddKafkaStreams(ProviderNames.Streams, (Microsoft.Extensions.Options.OptionsBuilder<KafkaStreamOptions> options) => options
            .Bind(section)
            .PostConfigure(o =>
            {
                foreach (var ns in EventStreams.All.Where(ns => !o.Namespaces.Contains(ns))) o.Namespaces.Add(ns);
            }),
            stream => stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly));
        // Kafka away means events wait (producers retry, consumers resume): degraded, not unready.
        silo.Services.AddHealthChecks().AddKafkaStreams(ProviderNames.Streams, tags: [ServiceDefaults.ReadyTag]);
    }
}
