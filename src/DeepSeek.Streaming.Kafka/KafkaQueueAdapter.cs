using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streams;

namespace DeepSeek.Streaming.Kafka;

/// <summary>
/// Writes each producing call's events as one Kafka message to its stream's partition and returns once Kafka
/// acknowledged it, so a caller whose call completed knows the events are durable, and a failed call throws.
/// </summary>
internal sealed class KafkaQueueAdapter : IQueueAdapter, IDisposable
{
    private readonly KafkaStreamOptions _options;
    private readonly KafkaQueueMapper _mapper;
    private readonly KafkaQueueAdapterCache _cache;
    private readonly Serializer<KafkaBatchContainer> _serializer;
    private readonly KafkaStreamsMonitor _monitor;
    private readonly string _consumerGroup;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private IProducer<byte[], byte[]>? _producer;

    public KafkaQueueAdapter(
        string name,
        KafkaStreamOptions options,
        KafkaQueueMapper mapper,
        KafkaQueueAdapterCache cache,
        Serializer<KafkaBatchContainer> serializer,
        KafkaStreamsMonitor monitor,
        string consumerGroup,
        ILoggerFactory loggerFactory)
    {
        Name = name;
        _options = options;
        _mapper = mapper;
        _cache = cache;
        _serializer = serializer;
        _monitor = monitor;
        _consumerGroup = consumerGroup;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<KafkaQueueAdapter>();
    }

    public string Name { get; }

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null)
        {
            throw new ArgumentException("Kafka streams assign sequence tokens themselves (the Kafka offset); produce without one.", nameof(token));
        }
        var partition = _mapper.PartitionFor(streamId);
        var container = new KafkaBatchContainer(streamId, events.Cast<object>().ToList(), requestContext);
        var message = new Message<byte[], byte[]> { Key = streamId.Key.ToArray(), Value = _serializer.SerializeToArray(container) };

        var producer = Producer();
        try
        {
            // librdkafka retries within message.timeout.ms (= DeliveryTimeout) and then reports the failure; the
            // extra bound here only guards against a delivery report that never comes.
            await producer.ProduceAsync(partition, message).WaitAsync(_options.DeliveryTimeout + TimeSpan.FromSeconds(5));
        }
        catch (ProduceException<byte[], byte[]> e)
        {
            if (e.Error.IsFatal)
            {
                ReplaceProducer(producer);
            }
            throw Failure(streamId, partition, container.Events.Count, $"{e.Error.Reason} ({e.Error.Code})", e);
        }
        catch (KafkaException e)
        {
            throw Failure(streamId, partition, container.Events.Count, $"{e.Error.Reason} ({e.Error.Code})", e);
        }
        catch (TimeoutException e)
        {
            throw Failure(streamId, partition, container.Events.Count, $"no delivery report within {_options.DeliveryTimeout + TimeSpan.FromSeconds(5)}", e);
        }
    }

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) =>
        new KafkaQueueAdapterReceiver(queueId, _mapper.PartitionOf(queueId), _options, _consumerGroup, _cache, _serializer, _monitor,
            _loggerFactory.CreateLogger<KafkaQueueAdapterReceiver>());

    public void Dispose()
    {
        lock (_lock)
        {
            if (_producer is { } producer)
            {
                // Hand over what is still queued before letting go (bounded: the host is stopping).
                producer.Flush(TimeSpan.FromSeconds(5));
                producer.Dispose();
                _producer = null;
            }
        }
    }

    private IProducer<byte[], byte[]> Producer()
    {
        lock (_lock)
        {
            return _producer ??= new ProducerBuilder<byte[], byte[]>(KafkaClientConfigs.Producer(_options))
                .SetErrorHandler((_, e) => _monitor.ReportError("producer", e))
                .SetLogHandler((_, m) => KafkaLog.Write(_logger, m))
                .Build();
        }
    }

    // An idempotent producer that hit a fatal error refuses all further messages; the next call gets a new one.
    private void ReplaceProducer(IProducer<byte[], byte[]> failed)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_producer, failed))
            {
                _producer = null;
            }
        }
        // Destroying a librdkafka handle can wait on its threads: not on the caller's turn.
        _ = Task.Run(failed.Dispose);
    }

    private KafkaStreamException Failure(StreamId streamId, TopicPartition partition, int events, string reason, Exception inner)
    {
        var message = $"Kafka stream provider '{Name}' could not deliver {events} event(s) of stream {streamId} to {partition.Topic}[{partition.Partition.Value}]: {reason}.";
        _monitor.ReportDeliveryFailure(message);
        return new KafkaStreamException(message, inner);
    }
}
