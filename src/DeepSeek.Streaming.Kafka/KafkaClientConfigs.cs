using System.Globalization;
using Confluent.Kafka;

namespace DeepSeek.Streaming.Kafka;

/// <summary>librdkafka settings of the provider's clients: its defaults first, the configured pass-through settings last.</summary>
internal static class KafkaClientConfigs
{
    public static ProducerConfig Producer(KafkaStreamOptions options)
    {
        var config = new ProducerConfig(Common(options))
        {
            // Idempotence keeps librdkafka's internal retries from duplicating or reordering messages in a partition.
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = options.ProducerLinger.TotalMilliseconds,
            MessageTimeoutMs = Milliseconds(options.DeliveryTimeout),
        };
        return Apply(config, options.ProducerSettings);
    }

    public static ConsumerConfig Consumer(KafkaStreamOptions options, string groupId)
    {
        var config = new ConsumerConfig(Common(options))
        {
            GroupId = groupId,
            // Offsets are stored only once the pulling agent's cache says their events were delivered; librdkafka
            // commits what is stored in the background and once more when the consumer closes.
            EnableAutoCommit = true,
            EnableAutoOffsetStore = false,
            AutoCommitIntervalMs = Milliseconds(options.CommitInterval),
            // A group with no committed offset yet starts at the oldest retained event: nothing produced before
            // the first silo started is skipped.
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = false,
            FetchWaitMaxMs = 100,
        };
        return Apply(config, options.ConsumerSettings);
    }

    public static AdminClientConfig Admin(KafkaStreamOptions options) => new(Common(options));

    private static Dictionary<string, string> Common(KafkaStreamOptions options)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = options.BootstrapServers,
            ["reconnect.backoff.ms"] = "100",
            ["reconnect.backoff.max.ms"] = Milliseconds(options.ReconnectBackoffMax).ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in options.ClientSettings)
        {
            settings[key] = value;
        }
        return settings;
    }

    private static T Apply<T>(T config, Dictionary<string, string> settings) where T : ClientConfig
    {
        foreach (var (key, value) in settings)
        {
            config.Set(key, value);
        }
        return config;
    }

    private static int Milliseconds(TimeSpan value) => (int)Math.Clamp(value.TotalMilliseconds, 1, int.MaxValue);
}
