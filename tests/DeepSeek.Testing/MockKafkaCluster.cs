using static DeepSeek.Testing.LibRdKafka;

namespace DeepSeek.Testing;

/// <summary>
/// librdkafka's built-in mock Kafka cluster, in this process, listening on 127.0.0.1 at ports of its choosing. It
/// speaks the Kafka protocol to any client (produce, fetch, consumer groups, offset commits) but has no topic admin
/// API: create topics with <see cref="CreateTopic"/>. Brokers can be taken down and up again on the same ports.
/// <code>
/// using var kafka = new MockKafkaCluster();
/// kafka.CreateTopic("events", partitions: 8);
/// var producer = new ProducerBuilder&lt;Null, string&gt;(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build();
/// kafka.SetAllBrokersDown(); … kafka.SetAllBrokersUp();
/// </code>
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private const int AllBrokers = -1;
    private readonly Lock _lock = new();
    private IntPtr _handle;
    private IntPtr _cluster;

    public MockKafkaCluster(int brokers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        EnsureBound();
        var error = new byte[512];
        var conf = rd_kafka_conf_new();
        // The handle only hosts the cluster; keep it from logging that it has no brokers of its own.
        if (rd_kafka_conf_set(conf, "log_level", "3", error, (nuint)error.Length) != 0)
        {
            rd_kafka_conf_destroy(conf);
            throw new InvalidOperationException($"librdkafka configuration failed: {Text(error)}");
        }
        _handle = rd_kafka_new(ProducerType, conf, error, (nuint)error.Length);
        if (_handle == IntPtr.Zero)
        {
            rd_kafka_conf_destroy(conf);
            throw new InvalidOperationException($"librdkafka handle creation failed: {Text(error)}");
        }
        _cluster = rd_kafka_mock_cluster_new(_handle, brokers);
        if (_cluster == IntPtr.Zero)
        {
            rd_kafka_destroy(_handle);
            throw new InvalidOperationException("librdkafka could not start a mock cluster.");
        }
        // The mock reports controller 0 while its brokers are numbered from 1; admin requests would wait for it.
        rd_kafka_mock_set_controller_id(_cluster, 1);
        // Consumer groups form at once instead of after the default three-second delay.
        rd_kafka_mock_group_initial_rebalance_delay_ms(_cluster, 0);
        Brokers = brokers;
        BootstrapServers = System.Runtime.InteropServices.Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(_cluster))
            ?? throw new InvalidOperationException("The mock cluster has no bootstrap address.");
    }

    /// <summary><c>127.0.0.1:port[,…]</c>, one address per broker.</summary>
    public string BootstrapServers { get; }

    /// <summary>Number of brokers; their ids run from 1 to this.</summary>
    public int Brokers { get; }

    /// <summary>Creates <paramref name="topic"/> (the mock would otherwise create it on first use with 4 partitions).</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1) =>
        Check(rd_kafka_mock_topic_create(Cluster(), topic, partitions, Math.Min(replicationFactor, Brokers)), $"create topic {topic}");

    /// <summary>Takes broker <paramref name="brokerId"/> down: its connections close and it refuses new ones.</summary>
    public void SetBrokerDown(int brokerId) => Check(rd_kafka_mock_broker_set_down(Cluster(), brokerId), $"take broker {brokerId} down");

    /// <summary>Brings broker <paramref name="brokerId"/> back on its old port, with its data.</summary>
    public void SetBrokerUp(int brokerId) => Check(rd_kafka_mock_broker_set_up(Cluster(), brokerId), $"bring broker {brokerId} up");

    public void SetAllBrokersDown() => SetBrokerDown(AllBrokers);

    public void SetAllBrokersUp() => SetBrokerUp(AllBrokers);

    public void Dispose()
    {
        lock (_lock)
        {
            // librdkafka requires the cluster to go before the handle that hosts it.
            if (_cluster != IntPtr.Zero)
            {
                rd_kafka_mock_cluster_destroy(_cluster);
                _cluster = IntPtr.Zero;
            }
            if (_handle != IntPtr.Zero)
            {
                rd_kafka_destroy(_handle);
                _handle = IntPtr.Zero;
            }
        }
    }

    private IntPtr Cluster()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
            return _cluster;
        }
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"Mock Kafka cluster could not {what}: {ErrorText(error)}.");
        }
    }
}
