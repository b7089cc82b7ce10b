namespace DeepSeek.Streaming.Kafka;

/// <summary>An event could not be handed to Kafka: the producing call fails rather than losing it silently.</summary>
public sealed class KafkaStreamException : Exception
{
    public KafkaStreamException(string message) : base(message) { }

    public KafkaStreamException(string message, Exception innerException) : base(message, innerException) { }
}
