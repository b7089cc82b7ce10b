using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Streaming.Kafka;

/// <summary>
/// What one provider knows about its brokers: the last error its clients reported, and a metadata probe over a
/// client of its own, which the health check runs.
/// </summary>
internal sealed class KafkaStreamsMonitor(string providerName, KafkaStreamOptions options, ILogger<KafkaStreamsMonitor> logger) : IDisposable
{
    private readonly Lock _lock = new();
    private IAdminClient? _admin;
    private bool _disposed;

    public string ProviderName { get; } = providerName;

    public KafkaStreamOptions Options { get; } = options;

    /// <summary>Last error a client of this provider reported, and when (null when there was none).</summary>
    public (string Message, DateTimeOffset At)? LastError { get; private set; }

    public long DeliveryFailures => Interlocked.Read(ref _deliveryFailures);
    private long _deliveryFailures;

    public void ReportError(string client, Error error)
    {
        LastError = ($"{client}: {error.Reason} ({error.Code})", DateTimeOffset.UtcNow);
        if (error.IsFatal)
        {
            logger.LogError("Kafka {Client} of stream provider {Provider} hit a fatal error: {Reason} ({Code})", client, ProviderName, error.Reason, error.Code);
        }
        else
        {
            // librdkafka recovers from these by itself (reconnects with backoff); they matter while they last.
            logger.LogWarning("Kafka {Client} of stream provider {Provider}: {Reason} ({Code})", client, ProviderName, error.Reason, error.Code);
        }
    }

    public void ReportDeliveryFailure(string message)
    {
        Interlocked.Increment(ref _deliveryFailures);
        LastError = (message, DateTimeOffset.UtcNow);
    }

    /// <summary>Asks a broker for the cluster's metadata; throws <see cref="KafkaException"/> when none answers in time.</summary>
    public Metadata Probe(TimeSpan timeout)
    {
        IAdminClient admin;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            admin = _admin ??= new AdminClientBuilder(KafkaClientConfigs.Admin(Options))
                .SetLogHandler((_, m) => KafkaLog.Write(logger, m))
                .Build();
        }
        return admin.GetMetadata(timeout);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _admin?.Dispose();
            _admin = null;
        }
    }
}
