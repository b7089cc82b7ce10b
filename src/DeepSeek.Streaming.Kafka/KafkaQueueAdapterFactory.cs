using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Streams;

namespace DeepSeek.Streaming.Kafka;

/// <summary>Builds the Kafka provider's parts for Orleans' persistent-stream machinery (silo and client alike).</summary>
public sealed class KafkaQueueAdapterFactory : IQueueAdapterFactory, IDisposable
{
    private readonly string _name;
    private readonly KafkaStreamOptions _options;
    private readonly KafkaQueueMapper _mapper;
    private readonly KafkaQueueAdapterCache _cache;
    private readonly Serializer<KafkaBatchContainer> _serializer;
    private readonly KafkaStreamsMonitor _monitor;
    private readonly string _consumerGroup;
    private readonly ILoggerFactory _loggerFactory;
    private readonly SemaphoreSlim _creating = new(1, 1);
    private KafkaQueueAdapter? _adapter;

    internal KafkaQueueAdapterFactory(string name, KafkaStreamOptions options, Serializer<KafkaBatchContainer> serializer,
        KafkaStreamsMonitor monitor, ClusterOptions cluster, ILoggerFactory loggerFactory)
    {
        new KafkaStreamOptionsValidator(options, name).ValidateConfiguration();
        _name = name;
        _options = options;
        _serializer = serializer;
        _monitor = monitor;
        _loggerFactory = loggerFactory;
        _consumerGroup = options.ConsumerGroup ?? $"orleans.{cluster.ServiceId}.{name}";
        _mapper = new KafkaQueueMapper(options, name);
        _cache = new KafkaQueueAdapterCache(options.CacheSize, loggerFactory);
    }

    /// <summary>The factory <c>AddPersistentStreams</c> calls for provider <paramref name="name"/>.</summary>
    public static KafkaQueueAdapterFactory Create(IServiceProvider services, string name) => new(
        name,
        services.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(name),
        services.GetRequiredService<Serializer<KafkaBatchContainer>>(),
        services.GetRequiredKeyedService<KafkaStreamsMonitor>(name),
        services.GetRequiredService<IOptions<ClusterOptions>>().Value,
        services.GetRequiredService<ILoggerFactory>());

    /// <summary>Consumer group that holds this provider's committed offsets.</summary>
    public string ConsumerGroup => _consumerGroup;

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);

    public async Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken)
    {
        await _creating.WaitAsync(cancellationToken);
        try
        {
            if (_adapter is null)
            {
                await KafkaTopics.EnsureAsync(_options, _name, _loggerFactory.CreateLogger<KafkaQueueAdapterFactory>(), cancellationToken);
                _adapter = new KafkaQueueAdapter(_name, _options, _mapper, _cache, _serializer, _monitor, _consumerGroup, _loggerFactory);
            }
            return _adapter;
        }
        finally
        {
            _creating.Release();
        }
    }

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler(false));

    public void Dispose()
    {
        _adapter?.Dispose();
        _creating.Dispose();
    }
}
