using Orleans;

namespace DeepSeek.Streaming.Kafka.Tests;

/// <summary>Implicit subscriber of one stream of the test namespace (its key is the stream's).</summary>
[Alias("DeepSeek.Streaming.Kafka.Tests.IEventSubscriberGrain")]
public interface IEventSubscriberGrain : IGrainWithStringKey;
