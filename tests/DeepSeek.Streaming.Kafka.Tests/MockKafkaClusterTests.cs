using Confluent.Kafka;
using DeepSeek.Testing;

namespace DeepSeek.Streaming.Kafka.Tests;

/// <summary>The in-process mock cluster is a Kafka a plain client can use, and can lose and regain its brokers.</summary>
public sealed class MockKafkaClusterTests
{
    [Fact]
    public void AProducedMessageIsConsumedAfterTheBrokersWereDownAndUp()
    {
        using var kafka = new MockKafkaCluster(brokers: 3);
        kafka.CreateTopic("fixture", partitions: 2, replicationFactor: 3);
        Assert.Equal(3, kafka.BootstrapServers.Split(',').Length);
        Assert.All(kafka.BootstrapServers.Split(','), address => Assert.StartsWith("127.0.0.1:", address));

        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            ReconnectBackoffMaxMs = 200,
            MessageTimeoutMs = 30_000,
        }).Build();
        producer.Produce(new TopicPartition("fixture", 1), new Message<Null, string> { Value = "before" });
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));

        kafka.SetAllBrokersDown();
        producer.Produce(new TopicPartition("fixture", 1), new Message<Null, string> { Value = "during" });
        Assert.Equal(1, producer.Flush(TimeSpan.FromSeconds(1))); // nothing can take it now
        kafka.SetAllBrokersUp();
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(20)));

        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "fixture" }).Build();
        consumer.Assign(new TopicPartitionOffset("fixture", 1, Offset.Beginning));
        var first = consumer.Consume(TimeSpan.FromSeconds(10))?.Message.Value;
        var second = consumer.Consume(TimeSpan.FromSeconds(10))?.Message.Value;
        Assert.Equal(("before", "during"), (first, second));
    }

    [Fact]
    public void ADisposedClusterRefusesFurtherControl()
    {
        var kafka = new MockKafkaCluster();
        kafka.Dispose();
        Assert.Throws<ObjectDisposedException>(() => kafka.CreateTopic("late", 1));
    }
}
