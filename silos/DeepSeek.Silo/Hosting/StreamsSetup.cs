using System.Globalization;
using DeepSeek.Grains;
using DeepSeek.Grains.Events;
using DeepSeek.Hosting;
using DeepSeek.Streaming.Kafka;
using Orleans.Runtime.Providers;
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
        var maxDeliveryTime = MaxDeliveryTime(configuration);
        if (provider.Equals(Memory, StringComparison.OrdinalIgnoreCase))
        {
            silo.AddMemoryStreams(ProviderNames.Streams, stream => ConfigureStream(stream, maxDeliveryTime));
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
            stream => ConfigureStream(stream, maxDeliveryTime));
        // Kafka away means events wait (producers retry, consumers resume): degraded, not unready.
        silo.Services.AddHealthChecks().AddKafkaStreams(ProviderNames.Streams, tags: [ServiceDefaults.ReadyTag]);
    }

    /// <summary>How long a consumer that keeps failing an event is retried before the event is set aside (default 5 min).</summary>
    public static TimeSpan MaxDeliveryTime(IConfiguration configuration)
    {
        const string key = "DeepSeek:Streams:MaxDeliveryTime";
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value)) return DefaultMaxDeliveryTime;
        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var time) && time > TimeSpan.Zero) return time;
        throw new InvalidOperationException($"{key} must be a positive time span such as 00:05:00; it is '{value}'.");
    }

    public static readonly TimeSpan DefaultMaxDeliveryTime = TimeSpan.FromMinutes(5);

    // Implicit subscriptions only. A consumer that failed an event (its database away, its silo restarting) is
    // retried after at most a few seconds instead of Orleans' default of up to 30 s, so read models catch up soon
    // after a recovery; and for minutes instead of one, so a short outage sets nothing aside (an event set aside
    // is delivered again only once its queue changes hands).
    private static void ConfigureStream(ISiloPersistentStreamConfigurator stream, TimeSpan maxDeliveryTime)
    {
        stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
        stream.ConfigurePullingAgent(options => options.Configure(o => o.MaxEventDeliveryTime = maxDeliveryTime));
        stream.ConfigureBackoffProvider((_, _) => new DeliveryBackoff());
    }
}

/// <summary>Delay before the next delivery attempt: 200 ms doubling per attempt up to 5 s, with jitter.</summary>
public sealed class DeliveryBackoff : IMessageDeliveryBackoffProvider
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(5);

    public TimeSpan Next(int attempt)
    {
        var ceiling = attempt >= 5 ? Longest : TimeSpan.FromTicks(Math.Min(Longest.Ticks, First.Ticks << Math.Max(attempt, 0)));
        // Between half and all of the ceiling, so consumers failing together do not retry in lockstep.
        return ceiling * (0.5 + Random.Shared.NextDouble() / 2);
    }
}
