namespace DeepSeek.Streaming.Kafka.Tests;

/// <summary>Names the tests' provider, namespace and storage share.</summary>
public static class TestStreams
{
    public const string Provider = "kafka";
    public const string Namespace = "test-events";
    public const string Topic = "orleans.test-events";
    public const int Partitions = 8;
}
