namespace DeepSeek.Streaming.Kafka.Tests;

/// <summary>Cluster tests run one at a time: each starts silos and Kafka clients, and the machine has few cores.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "kafka cluster";
}
