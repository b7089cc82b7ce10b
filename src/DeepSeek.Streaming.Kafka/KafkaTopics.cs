using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace DeepSeek.Streaming.Kafka;

/// <summary>
/// Makes sure the provider's topics exist with enough partitions before it produces or reads. Brokers without the
/// admin API (or without the right to use it) keep their topics as they are; unreachable brokers only warn: the
/// clients retry by themselves and the health check reports the outage.
/// </summary>
internal static class KafkaTopics
{
    public static async Task EnsureAsync(KafkaStreamOptions options, string providerName, ILogger logger, CancellationToken cancellationToken)
    {
        var topics = options.CarriedNamespaces().Select(options.TopicFor).ToList();
        using var admin = new AdminClientBuilder(KafkaClientConfigs.Admin(options))
            .SetLogHandler((_, m) => KafkaLog.Write(logger, m))
            .Build();

        if (options.CreateTopics)
        {
            await CreateMissingAsync(admin, topics, options, providerName, logger, cancellationToken);
        }

        Metadata metadata;
        try
        {
            metadata = await Task.Run(() => admin.GetMetadata(options.AdminTimeout), cancellationToken);
        }
        catch (KafkaException e)
        {
            logger.LogWarning("Kafka stream provider {Provider} could not read topic metadata ({Reason}); its clients keep retrying", providerName, e.Error.Reason);
            return;
        }

        foreach (var topic in topics)
        {
            var found = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
            if (found is null || found.Error.IsError)
            {
                logger.LogWarning("Kafka stream provider {Provider}: topic {Topic} is not there yet ({Reason})", providerName, topic, found?.Error.Reason ?? "not listed");
                continue;
            }
            if (found.Partitions.Count < options.Partitions)
            {
                throw new OrleansConfigurationException(
                    $"Kafka stream provider '{providerName}': topic '{topic}' has {found.Partitions.Count} partitions but " +
                    $"{nameof(KafkaStreamOptions.Partitions)} is {options.Partitions}; add partitions to the topic or lower the setting.");
            }
            if (found.Partitions.Count > options.Partitions)
            {
                logger.LogWarning("Kafka stream provider {Provider}: topic {Topic} has {Count} partitions; only the first {Used} are used",
                    providerName, topic, found.Partitions.Count, options.Partitions);
            }
        }
    }

    private static async Task CreateMissingAsync(IAdminClient admin, List<string> topics, KafkaStreamOptions options, string providerName, ILogger logger, CancellationToken cancellationToken)
    {
        var specifications = topics.Select(t => new TopicSpecification
        {
            Name = t,
            NumPartitions = options.Partitions,
            ReplicationFactor = options.ReplicationFactor,
        });
        try
        {
            await admin.CreateTopicsAsync(specifications, new CreateTopicsOptions { RequestTimeout = options.AdminTimeout, OperationTimeout = options.AdminTimeout })
                .WaitAsync(options.AdminTimeout + TimeSpan.FromSeconds(1), cancellationToken);
            logger.LogInformation("Kafka stream provider {Provider} created topics {Topics}", providerName, string.Join(", ", topics));
        }
        catch (CreateTopicsException e)
        {
            foreach (var result in e.Results.Where(r => r.Error.IsError && r.Error.Code != Confluent.Kafka.ErrorCode.TopicAlreadyExists))
            {
                logger.LogWarning("Kafka stream provider {Provider} could not create topic {Topic}: {Reason} ({Code})", providerName, result.Topic, result.Error.Reason, result.Error.Code);
            }
        }
        catch (KafkaException e) when (e.Error.Code is Confluent.Kafka.ErrorCode.Local_UnsupportedFeature or Confluent.Kafka.ErrorCode.UnsupportedVersion or Confluent.Kafka.ErrorCode.InvalidRequest)
        {
            logger.LogInformation("Kafka stream provider {Provider}: the brokers do not create topics on request ({Reason}); using the topics they have", providerName, e.Error.Reason);
        }
        catch (Exception e) when (e is KafkaException or TimeoutException)
        {
            logger.LogWarning("Kafka stream provider {Provider} could not create topics: {Reason}", providerName, e.Message);
        }
    }
}
