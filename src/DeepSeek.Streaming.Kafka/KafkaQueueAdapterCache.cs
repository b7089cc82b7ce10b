using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace DeepSeek.Streaming.Kafka;

/// <summary>
/// One <see cref="KafkaQueueCache"/> per queue, kept where the queue's receiver can read the delivery progress the
/// agent reported to it when stopping.
/// </summary>
/// <remarks>
/// The cache purges oldest-first in buckets of a tenth of its size, each once no cursor points into it; a purged
/// batch was therefore delivered to every subscriber (or given up on), as was every older one. When the agent
/// stops, it disposes every cursor before it shuts the receiver down: purging then would take undelivered batches
/// too, so the receiver relies on the reported progress instead.
/// </remarks>
internal sealed class KafkaQueueAdapterCache(int cacheSize, ILoggerFactory loggerFactory) : IQueueAdapterCache
{
    private readonly ConcurrentDictionary<QueueId, KafkaQueueCache> _caches = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger<SimpleQueueCache>();

    public IQueueCache CreateQueueCache(QueueId queueId) => _caches[queueId] = new KafkaQueueCache(new SimpleQueueCache(cacheSize, _logger));

    /// <summary>Offset below which <paramref name="queueId"/>'s agent last reported everything delivered; -1 if never.</summary>
    public long SafeOffset(QueueId queueId) => _caches.TryGetValue(queueId, out var cache) ? cache.SafeOffset : -1;
}
