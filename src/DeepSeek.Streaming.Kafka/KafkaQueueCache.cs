using System.Diagnostics.CodeAnalysis;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace DeepSeek.Streaming.Kafka;

/// <summary>
/// Orleans' simple queue cache, plus the delivery progress the pulling agent reports when it stops: the offset of
/// the oldest batch some subscriber has not finished with, which the receiver may still commit on its way out.
/// </summary>
internal sealed class KafkaQueueCache(SimpleQueueCache inner) : IQueueCache
{
    private long _safeOffset = -1;

    /// <summary>Offset below which every batch was delivered to every subscriber, as last reported; -1 if never.</summary>
    public long SafeOffset => Interlocked.Read(ref _safeOffset);

    public void UpdateDeliveryProgress(StreamSequenceToken? earliestSubscriptionToken, DateTime utcNow)
    {
        // The slowest subscription finished the batch of this token (maybe not all its events, when a consumer
        // acknowledged part of a batch), so batches before it are done; this one is delivered again if need be.
        if (earliestSubscriptionToken is not null)
        {
            Interlocked.Exchange(ref _safeOffset, earliestSubscriptionToken.SequenceNumber);
        }
    }

    public int GetMaxAddCount() => inner.GetMaxAddCount();

    public void AddToCache(IList<IBatchContainer> messages) => inner.AddToCache(messages);

    public bool TryPurgeFromCache([MaybeNullWhen(false)] out IList<IBatchContainer> purgedItems) => inner.TryPurgeFromCache(out purgedItems);

    [Obsolete("Use TryGetCacheCursor instead.")]
    public IQueueCacheCursor GetCacheCursor(StreamId streamId, StreamSequenceToken? token) => inner.GetCacheCursor(streamId, token);

    public QueueCacheCursorResult<IQueueCacheCursor> TryGetCacheCursor(StreamId streamId, StreamSequenceToken? token) =>
        ((IQueueCache)inner).TryGetCacheCursor(streamId, token);

    public QueueCacheCursorResult<IQueueCacheCursor> TryGetCacheCursorAtPosition(StreamId streamId, StreamSubscriptionStartPosition startPosition) =>
        ((IQueueCache)inner).TryGetCacheCursorAtPosition(streamId, startPosition);

    public bool IsUnderPressure() => inner.IsUnderPressure();
}
