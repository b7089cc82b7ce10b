using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;

namespace DeepSeek.Streaming.Kafka;

/// <summary>
/// Reads one partition for the pulling agent that owns its queue. The partition is assigned directly (no group
/// rebalancing: Orleans' queue balancer decides who reads what) and starts at the group's committed offset. An
/// offset is stored only when the agent's cache purged its batch, i.e. delivered it; librdkafka commits the stored
/// offset in the background and once more on shutdown. A crash therefore replays at most the events delivered
/// since the last commit: at-least-once, never a gap.
/// </summary>
/// <remarks>
/// The cache also drops batches whose delivery failed for good (the agent gave up on them, or was shutting down
/// while delivering) and leaves them out of what it reports. The receiver notices the hole and commits no further
/// than the first such batch, so whoever reads the partition next delivers it again instead of losing it.
/// </remarks>
internal sealed class KafkaQueueAdapterReceiver(
    QueueId queueId,
    TopicPartition partition,
    KafkaStreamOptions options,
    string consumerGroup,
    KafkaQueueAdapterCache cache,
    Serializer<KafkaBatchContainer> serializer,
    KafkaStreamsMonitor monitor,
    ILogger<KafkaQueueAdapterReceiver> logger) : IQueueAdapterReceiver
{
    private readonly Lock _lock = new();
    // Offsets handed to the agent and not yet reported delivered, oldest first.
    private readonly Queue<long> _pending = new();
    private IConsumer<Ignore, byte[]>? _consumer;
    private long _stored = -1;
    private long? _failedAt;

    public Task Initialize(TimeSpan timeout)
    {
        // Building and assigning are local: a broker that is down now only delays the first fetch.
        var consumer = new ConsumerBuilder<Ignore, byte[]>(KafkaClientConfigs.Consumer(options, consumerGroup))
            .SetErrorHandler((_, e) => monitor.ReportError($"consumer of {partition}", e))
            .SetLogHandler((_, m) => KafkaLog.Write(logger, m))
            .Build();
        consumer.Assign(new TopicPartitionOffset(partition, Offset.Stored));
        _consumer = consumer;
        logger.LogInformation("Kafka stream queue {Queue} reads {Partition} from group {Group}'s committed offset", queueId, partition, consumerGroup);
        return Task.CompletedTask;
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        var batches = new List<IBatchContainer>();
        if (_consumer is not { } consumer)
        {
            return Task.FromResult<IList<IBatchContainer>>(batches);
        }

        var limit = maxCount < 0 ? options.MaxMessagesPerPull : Math.Min(maxCount, options.MaxMessagesPerPull);
        while (batches.Count < limit && !cancellationToken.IsCancellationRequested)
        {
            ConsumeResult<Ignore, byte[]>? result;
            try
            {
                // A zero timeout only takes what the background fetcher already has: the agent's turn never blocks.
                result = consumer.Consume(TimeSpan.Zero);
            }
            catch (ConsumeException e)
            {
                monitor.ReportError($"consumer of {partition}", e.Error);
                break;
            }
            if (result?.Message is null)
            {
                break;
            }
            if (Read(result) is { } batch)
            {
                batches.Add(batch);
                lock (_lock)
                {
                    _pending.Enqueue(batch.Offset);
                }
            }
        }
        return Task.FromResult<IList<IBatchContainer>>(batches);
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        Store(messages);
        return Task.CompletedTask;
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _consumer, null) is not { } consumer)
        {
            return;
        }

        // The agent reports, as it stops, how far every subscriber got; that may be past the last purge.
        long committed;
        lock (_lock)
        {
            var reported = cache.SafeOffset(queueId);
            var limit = _failedAt ?? long.MaxValue;
            _stored = Math.Max(_stored, Math.Min(reported, limit));
            committed = _stored;
        }
        var close = Task.Run(() =>
        {
            try
            {
                // A queue handed over while its previous owner was still stopping may have started from an older
                // commit than the one that owner left; never move the group's offset back past it.
                if (committed >= 0 && CommittedOffset(consumer, timeout) < committed)
                {
                    consumer.Commit([new TopicPartitionOffset(partition, committed)]);
                }
                consumer.Close();
            }
            finally
            {
                consumer.Dispose();
            }
        });
        try
        {
            await close.WaitAsync(timeout);
            logger.LogInformation("Kafka stream queue {Queue} released {Partition} at offset {Offset}", queueId, partition, committed);
        }
        catch (Exception e)
        {
            // Unreachable brokers: the last background commit stands and the next owner replays the rest.
            logger.LogWarning(e, "Kafka stream queue {Queue} could not commit offset {Offset} of {Partition} on shutdown", queueId, committed, partition);
        }
    }

    // The group's committed offset of this partition; -1 when there is none or the coordinator does not say.
    private long CommittedOffset(IConsumer<Ignore, byte[]> consumer, TimeSpan timeout)
    {
        try
        {
            return consumer.Committed([partition], timeout).FirstOrDefault()?.Offset.Value is >= 0 and var offset ? offset : -1;
        }
        catch (KafkaException)
        {
            return -1;
        }
    }

    private KafkaBatchContainer? Read(ConsumeResult<Ignore, byte[]> result)
    {
        try
        {
            var batch = serializer.Deserialize(result.Message.Value) ?? throw new InvalidDataException("The message holds no batch container.");
            batch.Token = new EventSequenceTokenV2(result.Offset.Value);
            return batch;
        }
        catch (Exception e)
        {
            // Not a message of this provider (or of an incompatible version): skip it rather than stall the partition.
            logger.LogError(e, "Skipping unreadable message at {Partition}@{Offset}", partition, result.Offset.Value);
            return null;
        }
    }

    private void Store(IList<IBatchContainer> delivered)
    {
        var consumer = _consumer;
        var offsets = delivered.OfType<KafkaBatchContainer>().Select(b => b.Offset).ToHashSet();
        if (consumer is null || offsets.Count == 0)
        {
            return;
        }

        long next;
        lock (_lock)
        {
            // The cache reports delivered batches oldest first; one it read but left out failed delivery.
            var newest = offsets.Max();
            while (_pending.TryPeek(out var offset) && offset <= newest)
            {
                _pending.Dequeue();
                if (!offsets.Contains(offset) && _failedAt is null)
                {
                    _failedAt = offset;
                    logger.LogWarning("Delivery of {Partition}@{Offset} failed; the partition's committed offset stays there so it is delivered again when the partition is next read",
                        partition, offset);
                }
            }
            next = _failedAt ?? newest + 1;
            if (next <= _stored)
            {
                return;
            }
            _stored = next;
        }

        try
        {
            consumer.StoreOffset(new TopicPartitionOffset(partition, next));
        }
        catch (KafkaException e)
        {
            logger.LogWarning(e, "Could not store offset {Offset} of {Partition}", next, partition);
        }
    }
}
