namespace DeepSeek.Streaming.Kafka;

/// <summary>
/// Settings of one Kafka stream provider. Bindable from configuration: scalar properties by name,
/// <see cref="Namespaces"/> as an array, the dictionaries as sections of key/value pairs.
/// </summary>
public sealed class KafkaStreamOptions
{
    /// <summary>Comma-separated <c>host:port</c> list of brokers (librdkafka's <c>bootstrap.servers</c>).</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>Stream namespaces this provider carries, one topic each. Producing to another namespace fails.</summary>
    public List<string> Namespaces { get; set; } = [];

    /// <summary>Topic of a namespace is <c>TopicPrefix + namespace</c> unless <see cref="Topics"/> names it.</summary>
    public string TopicPrefix { get; set; } = "orleans.";

    /// <summary>Explicit topic per namespace (namespace → topic), taking precedence over <see cref="TopicPrefix"/>.</summary>
    public Dictionary<string, string> Topics { get; set; } = [];

    /// <summary>Partitions per topic; each partition is one Orleans queue, so this bounds the parallelism per namespace.</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Replication factor of topics the provider creates; -1 takes the broker's default.</summary>
    public short ReplicationFactor { get; set; } = -1;

    /// <summary>Create missing topics with the admin client at start-up (brokers without the admin API are tolerated).</summary>
    public bool CreateTopics { get; set; } = true;

    /// <summary>Consumer group that holds the committed offsets; defaults to <c>orleans.{ServiceId}.{provider}</c>.</summary>
    public string? ConsumerGroup { get; set; }

    /// <summary>librdkafka settings applied to every client (producer, consumers, admin): security, client id…</summary>
    public Dictionary<string, string> ClientSettings { get; set; } = [];

    /// <summary>librdkafka producer settings, applied after the provider's defaults (so they win).</summary>
    public Dictionary<string, string> ProducerSettings { get; set; } = [];

    /// <summary>librdkafka consumer settings, applied after the provider's defaults (so they win).</summary>
    public Dictionary<string, string> ConsumerSettings { get; set; } = [];

    /// <summary>How long the producer waits to fill a Kafka batch (<c>linger.ms</c>).</summary>
    public TimeSpan ProducerLinger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Longest wait for a produced event's delivery report (librdkafka retries within it); past it the producing
    /// call throws <see cref="KafkaStreamException"/>. Events of a call that threw may still arrive: at-least-once.
    /// </summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the consumers send their delivered offsets to the group coordinator.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Bound on admin calls (topic creation, metadata) and on each health probe.</summary>
    public TimeSpan AdminTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest pause between reconnection attempts to an unreachable broker.</summary>
    public TimeSpan ReconnectBackoffMax { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Batch containers each queue's cache holds before the pulling agent stops reading (back pressure).</summary>
    public int CacheSize { get; set; } = 4096;

    /// <summary>Most Kafka messages one pull takes from a partition.</summary>
    public int MaxMessagesPerPull { get; set; } = 1000;

    /// <summary>The namespaces carried: <see cref="Namespaces"/> then the keys of <see cref="Topics"/>, each once, in order.</summary>
    public IReadOnlyList<string> CarriedNamespaces() => Namespaces.Concat(Topics.Keys).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Topic that carries <paramref name="streamNamespace"/>.</summary>
    public string TopicFor(string streamNamespace) =>
        Topics.TryGetValue(streamNamespace, out var topic) ? topic : TopicPrefix + streamNamespace;
}
