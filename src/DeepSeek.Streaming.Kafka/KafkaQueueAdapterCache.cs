using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace DeepSeek.Streaming.Kafka;

/// <summary>
/// Orleans' simple cache per queue, kept where the queue's receiver can reach it: a receiver that shuts down purges
/// its cache one last time, so everything delivered by then is committed rather than read again by the next owner.
/// </summary>
/// <remarks>
/// The cache purges oldest-first in buckets of a tenth of its size, each once no cursor points into it; a purged
/// batch was therefore delivered to every subscriber (or given up on), as was every older one.
/// </remarks>
internal sealed class KafkaQueueAdapterCache(int cacheSize, ILoggerFactory loggerFactory) : IQueueAdapterCache
{
    private readonly ConcurrentDictionary<QueueId, SimpleQueueCache> _caches = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger<SimpleQueueCache>();

    public IQueueCache CreateQueueCache(QueueId queueId) => _caches[queueId] = new SimpleQueueCache(cacheSize, _logger);

    /// <summary>Purges <paramref name="queueId"/>'s cache as the pulling agent would; false when nothing could go.</summary>
    public bool TryPurge(QueueId queueId, [NotNullWhen(true)] out IList<IBatchContainer>? purged)
    {
        purged = null;
        return _caches.TryGetValue(queueId, out var cache) && cache.TryPurgeFromCache(out purged);
    }
}
