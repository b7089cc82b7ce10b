using Orleans.Runtime;

namespace DeepSeek.Streaming.Kafka.Tests;

/// <summary>Streams map to topics by namespace and to partitions by key; queues cover the ring evenly.</summary>
public sealed class KafkaQueueMapperTests
{
    private static readonly KafkaStreamOptions Options = new()
    {
        BootstrapServers = "127.0.0.1:9092",
        Namespaces = ["inference", "models"],
        Topics = { ["training"] = "ml-training" },
        Partitions = 4,
    };

    [Fact]
    public void EachNamespaceGetsItsOwnTopicWithOneQueuePerPartition()
    {
        var mapper = new KafkaQueueMapper(Options, "kafka");
        var partitions = mapper.GetAllQueues().Select(mapper.PartitionOf).ToList();

        Assert.Equal(12, partitions.Count);
        Assert.Equal(["ml-training", "orleans.inference", "orleans.models"], partitions.Select(p => p.Topic).Distinct().Order());
        Assert.All(partitions.GroupBy(p => p.Topic), g => Assert.Equal([0, 1, 2, 3], g.Select(p => p.Partition.Value).Order()));
        Assert.Equal(12, mapper.GetAllQueues().Select(q => q.GetUniformHashCode()).Distinct().Count());
    }

    [Fact]
    public void AStreamAlwaysGoesToOnePartitionOfItsNamespacesTopic()
    {
        var mapper = new KafkaQueueMapper(Options, "kafka");
        var again = new KafkaQueueMapper(Options, "kafka");
        var used = new HashSet<int>();
        for (var i = 0; i < 200; i++)
        {
            var stream = StreamId.Create("training", $"run-{i}");
            var partition = mapper.PartitionFor(stream);
            Assert.Equal("ml-training", partition.Topic);
            Assert.Equal(partition, again.PartitionFor(stream));
            used.Add(partition.Partition.Value);
        }
        Assert.Equal(4, used.Count);
    }

    [Fact]
    public void EveryNamespaceHasPartitionsAllAroundTheRing()
    {
        var mapper = new KafkaQueueMapper(Options, "kafka");
        var firstHalf = mapper.GetAllQueues().Where(q => q.GetUniformHashCode() < uint.MaxValue / 2).Select(mapper.PartitionOf);
        Assert.Equal(3, firstHalf.Select(p => p.Topic).Distinct().Count());
    }

    [Fact]
    public void AnUncarriedNamespaceIsRefusedByName()
    {
        var mapper = new KafkaQueueMapper(Options, "kafka");
        var error = Assert.Throws<KafkaStreamException>(() => mapper.GetQueueForStream(StreamId.Create("features", "x")));
        Assert.Contains("'features'", error.Message);
    }
}
