using DeepSeek.Testing;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace DeepSeek.Streaming.Kafka.Tests;

/// <summary>Bad settings stop the silo at start-up with a message that names them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("bootstrap", "BootstrapServers is empty")]
    [InlineData("partitions", "Partitions is 0")]
    [InlineData("namespaces", "Namespaces is empty")]
    [InlineData("topic", "not a valid Kafka topic name")]
    [InlineData("shared-topic", "both map to topic")]
    [InlineData("replication", "ReplicationFactor is 0")]
    [InlineData("timeout", "DeliveryTimeout is 00:00:00")]
    [InlineData("owned-setting", "ConsumerSettings sets 'enable.auto.commit'")]
    public void EachBrokenRuleIsNamed(string breakage, string expected)
    {
        var options = Valid();
        switch (breakage)
        {
            case "bootstrap": options.BootstrapServers = " "; break;
            case "partitions": options.Partitions = 0; break;
            case "namespaces": options.Namespaces = []; break;
            case "topic": options.Topics["events"] = "no spaces allowed"; break;
            case "shared-topic": options.Namespaces = ["a", "b"]; options.Topics["b"] = "orleans.a"; break;
            case "replication": options.ReplicationFactor = 0; break;
            case "timeout": options.DeliveryTimeout = TimeSpan.Zero; break;
            case "owned-setting": options.ConsumerSettings["enable.auto.commit"] = "false"; break;
        }

        var error = Assert.Throws<OrleansConfigurationException>(() => new KafkaStreamOptionsValidator(options, "kafka").ValidateConfiguration());
        Assert.Contains("'kafka'", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ValidOptionsPass() => Assert.Empty(KafkaStreamOptionsValidator.Problems(Valid()));

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var options = Valid();
        options.BootstrapServers = "";
        options.Partitions = -1;
        Assert.Equal(2, KafkaStreamOptionsValidator.Problems(options).Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task ASiloWithoutBootstrapServersDoesNotStart()
    {
        var error = await StartFailureAsync(o =>
        {
            o.Namespaces = [TestStreams.Namespace];
            o.BootstrapServers = "";
        });
        Assert.Contains("BootstrapServers is empty", error.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task ASiloDoesNotStartWhenTheTopicHasFewerPartitionsThanConfigured()
    {
        using var kafka = new MockKafkaCluster();
        kafka.CreateTopic(TestStreams.Topic, partitions: 2);
        var error = await StartFailureAsync(o => StreamCluster.Configure(o, kafka, "too-few"));
        Assert.Contains($"topic '{TestStreams.Topic}' has 2 partitions but Partitions is {TestStreams.Partitions}", error.Message);
    }

    private static KafkaStreamOptions Valid() => new() { BootstrapServers = "127.0.0.1:9092", Namespaces = ["events"] };

    // Starts a one-silo cluster with these options and returns the configuration error that stopped it.
    private static async Task<OrleansConfigurationException> StartFailureAsync(Action<KafkaStreamOptions> configure)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => silo.AddKafkaStreams(TestStreams.Provider, configure,
            stream => stream.ConfigureStreamPubSub(Orleans.Streams.StreamPubSubType.ImplicitOnly)));
        await using var cluster = builder.Build();
        var thrown = await Record.ExceptionAsync(cluster.DeployAsync);
        Assert.NotNull(thrown);
        for (var e = thrown; e is not null; e = e.InnerException ?? (e as AggregateException)?.InnerExceptions.FirstOrDefault())
        {
            if (e is OrleansConfigurationException configuration)
            {
                return configuration;
            }
        }
        throw new Xunit.Sdk.XunitException($"Start-up failed without a configuration error: {thrown}");
    }
}
