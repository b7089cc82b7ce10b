using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeepSeek.Streaming.Kafka;

/// <summary>
/// Healthy while a broker answers a metadata request within <see cref="KafkaStreamOptions.AdminTimeout"/>; otherwise
/// the registration's failure status (Degraded by default): the silo keeps serving, producing calls wait for the
/// brokers up to <see cref="KafkaStreamOptions.DeliveryTimeout"/>, and consumers resume when they return.
/// </summary>
public sealed class KafkaStreamsHealthCheck : IHealthCheck
{
    private readonly KafkaStreamsMonitor _monitor;

    public KafkaStreamsHealthCheck(IServiceProvider services, string providerName)
    {
        _monitor = services.GetKeyedService<KafkaStreamsMonitor>(providerName)
            ?? throw new InvalidOperationException($"No Kafka stream provider named '{providerName}' is registered (call AddKafkaStreams first).");
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["provider"] = _monitor.ProviderName,
            ["bootstrapServers"] = _monitor.Options.BootstrapServers,
            ["deliveryFailures"] = _monitor.DeliveryFailures,
        };
        if (_monitor.LastError is { } last)
        {
            data["lastError"] = last.Message;
            data["lastErrorAt"] = last.At;
        }

        try
        {
            var metadata = await Task.Run(() => _monitor.Probe(_monitor.Options.AdminTimeout), cancellationToken);
            data["brokers"] = metadata.Brokers.Count;
            return HealthCheckResult.Healthy($"Kafka stream provider '{_monitor.ProviderName}' reaches {metadata.Brokers.Count} broker(s).", data);
        }
        catch (KafkaException e)
        {
            return new HealthCheckResult(
                context.Registration?.FailureStatus ?? HealthStatus.Degraded,
                $"Kafka stream provider '{_monitor.ProviderName}' reaches no broker ({e.Error.Reason}); producers wait up to " +
                $"{_monitor.Options.DeliveryTimeout.TotalSeconds:0} s per call, consumers resume when the brokers return.",
                e,
                data);
        }
    }
}
