using Orleans;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace DeepSeek.Streaming.Kafka;

/// <summary>
/// The events of one producing call, as one Kafka message. Its sequence token is the message's offset in its
/// partition, set when the message is read (the producer cannot know it).
/// </summary>
[GenerateSerializer, Alias("DeepSeek.Streaming.Kafka.KafkaBatchContainer")]
public sealed class KafkaBatchContainer : IBatchContainer
{
    public KafkaBatchContainer(StreamId streamId, List<object> events, Dictionary<string, object>? requestContext)
    {
        StreamId = streamId;
        Events = events;
        RequestContext = requestContext;
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public List<object> Events { get; }

    [Id(2)]
    public Dictionary<string, object>? RequestContext { get; }

    [Id(3)]
    public EventSequenceTokenV2? Token { get; set; }

    /// <summary>The Kafka offset this container was read from.</summary>
    public long Offset => Token?.SequenceNumber ?? -1;

    public StreamSequenceToken SequenceToken =>
        Token ?? throw new InvalidOperationException("A batch container has no sequence token until it is read from Kafka.");

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        var token = Token ?? throw new InvalidOperationException("A batch container has no sequence token until it is read from Kafka.");
        // The event index counts every event, so a token names the same event whatever type a consumer asks for.
        for (var i = 0; i < Events.Count; i++)
        {
            if (Events[i] is T e)
            {
                yield return Tuple.Create<T, StreamSequenceToken>(e, token.CreateSequenceTokenForEvent(i));
            }
        }
    }

    public bool ImportRequestContext()
    {
        if (RequestContext is null)
        {
            return false;
        }
        RequestContextExtensions.Import(RequestContext);
        return true;
    }

    public override string ToString() => $"KafkaBatchContainer({StreamId}, {Events.Count} events, offset {Offset})";
}
