using DeepSeek.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Streams;
using Orleans.TestingHost;

namespace DeepSeek.Streaming.Kafka.Tests;

/// <summary>An in-process Orleans cluster whose silos (and client) stream through the Kafka provider to a mock cluster.</summary>
public static class StreamCluster
{
    public static async Task<InProcessTestCluster> StartAsync(MockKafkaCluster kafka, int silos, string consumerGroup, Action<KafkaStreamOptions>? tweak = null)
    {
        void Options(KafkaStreamOptions o)
        {
            Configure(o, kafka, consumerGroup);
            tweak?.Invoke(o);
        }

        var builder = new InProcessTestClusterBuilder((short)silos);
        // KAFKA_TEST_LOGS=1 writes each silo's log to logs/ beside the test assembly, for a failure's post-mortem.
        builder.Options.ConfigureFileLogging = Environment.GetEnvironmentVariable("KAFKA_TEST_LOGS") == "1";
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.Configure<ClusterMembershipOptions>(o =>
            {
                // A killed silo is declared dead in a few seconds, so its queues move on quickly.
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
            // Calls to a dead silo fail in seconds; a producing call that waits out a broker outage still fits.
            host.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
            host.Services.AddHealthChecks().AddKafkaStreams(TestStreams.Provider);
        });
        builder.ConfigureSilo((_, silo) => silo.AddKafkaStreams(TestStreams.Provider, Options, stream =>
        {
            // Every subscriber here is implicit: no rendezvous grains, whose memory-held state a killed silo
            // would take with it (the agents could then not register streams and would skip their events).
            stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            stream.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(50)));
        }));
        builder.ConfigureClient(client => client
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10))
            .AddKafkaStreams(TestStreams.Provider, Options));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static void Configure(KafkaStreamOptions options, MockKafkaCluster kafka, string consumerGroup)
    {
        options.BootstrapServers = kafka.BootstrapServers;
        options.Namespaces = [TestStreams.Namespace];
        options.Partitions = TestStreams.Partitions;
        options.ConsumerGroup = consumerGroup;
        options.ProducerLinger = TimeSpan.FromMilliseconds(1);
        options.AdminTimeout = TimeSpan.FromSeconds(1);
        options.ReconnectBackoffMax = TimeSpan.FromMilliseconds(500);
        options.CommitInterval = TimeSpan.FromMilliseconds(200);
    }

    /// <summary>Health of the provider as silo <paramref name="silo"/>'s health check service reports it.</summary>
    public static async Task<HealthStatus> HealthAsync(InProcessTestCluster cluster, InProcessSiloHandle silo)
    {
        var report = await silo.SiloHost.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries[$"kafka-streams-{TestStreams.Provider}"].Status;
    }

    /// <summary>A fresh mock cluster with the tests' topic.</summary>
    public static MockKafkaCluster StartKafka()
    {
        var kafka = new MockKafkaCluster();
        kafka.CreateTopic(TestStreams.Topic, TestStreams.Partitions);
        return kafka;
    }
}
