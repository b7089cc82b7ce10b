using Orleans;
using Orleans.Runtime;

namespace DeepSeek.Streaming.Kafka;

/// <summary>Checks a provider's <see cref="KafkaStreamOptions"/> when the silo or client starts, naming every problem at once.</summary>
public sealed class KafkaStreamOptionsValidator(KafkaStreamOptions options, string providerName) : IConfigurationValidator
{
    // librdkafka settings the provider owns: overriding them would silently break its delivery guarantees.
    private static readonly string[] OwnedClientSettings = ["bootstrap.servers"];
    private static readonly string[] OwnedProducerSettings = ["enable.idempotence", "acks", "message.timeout.ms", "delivery.timeout.ms"];
    private static readonly string[] OwnedConsumerSettings = ["group.id", "enable.auto.commit", "enable.auto.offset.store", "auto.commit.interval.ms"];

    public void ValidateConfiguration()
    {
        var problems = Problems(options);
        if (problems.Count > 0)
        {
            throw new OrleansConfigurationException(
                $"Kafka stream provider '{providerName}' is misconfigured: {string.Join(" ", problems)}");
        }
    }

    /// <summary>Every rule <paramref name="options"/> breaks, as sentences; empty when they are valid.</summary>
    public static IReadOnlyList<string> Problems(KafkaStreamOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            problems.Add("BootstrapServers is empty; give the brokers as host:port[,host:port…].");
        }

        var namespaces = options.CarriedNamespaces();
        if (namespaces.Count == 0)
        {
            problems.Add("Namespaces is empty; list the stream namespaces the provider carries.");
        }
        if (namespaces.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("Namespaces has an empty entry.");
        }

        var topics = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var streamNamespace in namespaces.Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            var topic = options.TopicFor(streamNamespace);
            if (!IsValidTopicName(topic))
            {
                problems.Add($"Topic '{topic}' of namespace '{streamNamespace}' is not a valid Kafka topic name (1–249 of a-z A-Z 0-9 . _ -).");
            }
            else if (topics.TryGetValue(topic, out var other))
            {
                problems.Add($"Namespaces '{other}' and '{streamNamespace}' both map to topic '{topic}'.");
            }
            else
            {
                topics.Add(topic, streamNamespace);
            }
        }

        if (options.Partitions < 1)
        {
            problems.Add($"Partitions is {options.Partitions}; it must be at least 1.");
        }
        if (options.ReplicationFactor is 0 or < -1)
        {
            problems.Add($"ReplicationFactor is {options.ReplicationFactor}; use -1 (broker default) or at least 1.");
        }
        if (options.ConsumerGroup is { } group && string.IsNullOrWhiteSpace(group))
        {
            problems.Add("ConsumerGroup is blank; leave it unset for the default or name a group.");
        }
        Positive(problems, nameof(options.DeliveryTimeout), options.DeliveryTimeout);
        Positive(problems, nameof(options.CommitInterval), options.CommitInterval);
        Positive(problems, nameof(options.AdminTimeout), options.AdminTimeout);
        Positive(problems, nameof(options.ReconnectBackoffMax), options.ReconnectBackoffMax);
        if (options.ProducerLinger < TimeSpan.Zero)
        {
            problems.Add($"ProducerLinger is {options.ProducerLinger}; it cannot be negative.");
        }
        if (options.CacheSize < 10)
        {
            problems.Add($"CacheSize is {options.CacheSize}; it must be at least 10.");
        }
        if (options.MaxMessagesPerPull < 1)
        {
            problems.Add($"MaxMessagesPerPull is {options.MaxMessagesPerPull}; it must be at least 1.");
        }

        Owned(problems, nameof(options.ClientSettings), options.ClientSettings, [.. OwnedClientSettings, .. OwnedProducerSettings, .. OwnedConsumerSettings]);
        Owned(problems, nameof(options.ProducerSettings), options.ProducerSettings, [.. OwnedClientSettings, .. OwnedProducerSettings]);
        Owned(problems, nameof(options.ConsumerSettings), options.ConsumerSettings, [.. OwnedClientSettings, .. OwnedConsumerSettings]);
        return problems;
    }

    internal static bool IsValidTopicName(string topic) =>
        topic.Length is > 0 and <= 249 && topic is not ("." or "..") &&
        topic.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static void Positive(List<string> problems, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{name} is {value}; it must be positive.");
        }
    }

    private static void Owned(List<string> problems, string name, Dictionary<string, string> settings, string[] owned)
    {
        foreach (var key in settings.Keys.Where(k => owned.Contains(k, StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add($"{name} sets '{key}', which the provider manages (see KafkaStreamOptions).");
        }
    }
}
