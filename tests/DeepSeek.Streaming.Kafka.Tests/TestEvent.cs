using Orleans;

namespace DeepSeek.Streaming.Kafka.Tests;

/// <summary>One event of a test run: the <see cref="Sequence"/>th of its stream; its subscriber takes <see cref="HandlingMs"/> over it.</summary>
[GenerateSerializer, Immutable, Alias("DeepSeek.Streaming.Kafka.Tests.TestEvent")]
public sealed record TestEvent(
    [property: Id(0)] string Run,
    [property: Id(1)] string Stream,
    [property: Id(2)] int Sequence,
    [property: Id(3)] int HandlingMs = 0)
{
    /// <summary>Unique within the run; a consumer that saw it already ignores it (at-least-once delivery).</summary>
    public string EventId => $"{Stream}/{Sequence}";
}
