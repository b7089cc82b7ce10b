using Confluent.Kafka;
using Orleans.Runtime;
using Orleans.Streams;

namespace DeepSeek.Streaming.Kafka;

/// <summary>
/// One Orleans queue per (topic, partition). A stream's namespace picks its topic and the hash of the stream id its
/// partition, so every event of a stream goes through one partition, in order, and the producer writes straight
/// to the partition the queue reads. Queues sit evenly on the consistent ring, a namespace's partitions interleaved
/// with the others' so each silo gets a share of every namespace.
/// </summary>
public sealed class KafkaQueueMapper : IConsistentRingStreamQueueMapper
{
    private readonly QueueId[] _queues;
    private readonly Dictionary<QueueId, TopicPartition> _partitions = [];
    private readonly Dictionary<string, QueueId[]> _byNamespace = new(StringComparer.Ordinal);
    private readonly string _providerName;

    public KafkaQueueMapper(KafkaStreamOptions options, string providerName)
    {
        _providerName = providerName;
        var namespaces = options.CarriedNamespaces();
        var count = namespaces.Count * options.Partitions;
        _queues = new QueueId[count];
        var step = (uint)(((ulong)uint.MaxValue + 1) / (ulong)count);
        for (var n = 0; n < namespaces.Count; n++)
        {
            var topic = options.TopicFor(namespaces[n]);
            var ofNamespace = new QueueId[options.Partitions];
            for (var p = 0; p < options.Partitions; p++)
            {
                var index = p * namespaces.Count + n;
                var queue = QueueId.GetQueueId(providerName, (uint)index, step * (uint)index);
                _queues[index] = queue;
                ofNamespace[p] = queue;
                _partitions[queue] = new TopicPartition(topic, new Partition(p));
            }
            _byNamespace[namespaces[n]] = ofNamespace;
        }
    }

    public IEnumerable<QueueId> GetAllQueues() => _queues;

    public IEnumerable<QueueId> GetQueuesForRange(IRingRange range) =>
        _queues.Where(q => range.InRange(q.GetUniformHashCode())).ToList();

    public QueueId GetQueueForStream(StreamId streamId)
    {
        var streamNamespace = streamId.GetNamespace() ?? "";
        if (!_byNamespace.TryGetValue(streamNamespace, out var queues))
        {
            throw new KafkaStreamException(
                $"Stream namespace '{streamNamespace}' is not carried by Kafka stream provider '{_providerName}'; " +
                $"add it to {nameof(KafkaStreamOptions)}.{nameof(KafkaStreamOptions.Namespaces)} (carried: {string.Join(", ", _byNamespace.Keys)}).");
        }
        // StreamId hashes its bytes with a stable hash: every silo and client picks the same partition.
        return queues[(uint)streamId.GetHashCode() % (uint)queues.Length];
    }

    /// <summary>The Kafka partition behind <paramref name="queue"/>.</summary>
    public TopicPartition PartitionOf(QueueId queue) => _partitions[queue];

    /// <summary>The Kafka partition a stream's events are written to.</summary>
    public TopicPartition PartitionFor(StreamId streamId) => _partitions[GetQueueForStream(streamId)];
}
