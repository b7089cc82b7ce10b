using System.Numerics.Tensors;

namespace DeepSeek.Knowledge.Index;

/// <summary>
/// Known answers and their embeddings for one tenant and model. A lookup first tries the normalised
/// question text (a dictionary hit needs no embedding), then the nearest neighbour by cosine
/// similarity: an exact SIMD scan while the index is small, an HNSW graph once it grows past
/// <see cref="KnowledgeIndexOptions.HnswThreshold"/>. Callers cannot tell the two apart except by speed.
/// Any number of lookups run concurrently; writes wait for them and run one at a time.
/// </summary>
public sealed class KnowledgeIndex : IDisposable
{
    private readonly KnowledgeIndexOptions _options;
    // Writers hold the upgradeable lock for their whole operation and the write lock only while they
    // change the collections, so lookups go on while a writer feeds or builds the HNSW graph.
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly List<IndexedEntry> _entries = [];
    private readonly Dictionary<string, IndexedEntry> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<IndexedEntry>> _byText = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, IndexedEntry> _byKey = [];
    private HnswGraph? _graph;
    private ulong _lastKey;

    public KnowledgeIndex(string embeddingModel, int dimension, KnowledgeIndexOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(embeddingModel);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        _options = options ?? new KnowledgeIndexOptions();
        _options.Validate();
        EmbeddingModel = embeddingModel;
        Dimension = dimension;
    }

    /// <summary>The model whose vectors this index holds.</summary>
    public string EmbeddingModel { get; }

    public int Dimension { get; }

    public int Count => Read(() => _entries.Count);

    public KnowledgeSearchMode SearchMode => Read(() => _graph is null ? KnowledgeSearchMode.BruteForce : KnowledgeSearchMode.Hnsw);

    /// <summary>Rebuilds an index from <see cref="Export"/>'s output.</summary>
    public static KnowledgeIndex Import(KnowledgeSnapshot snapshot, KnowledgeIndexOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var index = new KnowledgeIndex(snapshot.EmbeddingModel, snapshot.Dimension, options);
        index.AddRange(snapshot.Entries);
        return index;
    }

    /// <summary>Adds an entry, replacing any with the same id; returns false when one was replaced.</summary>
    public bool Add(KnowledgeEntry entry, float[] embedding) => AddRange([new EmbeddedEntry(entry, embedding)]) == 1;

    /// <summary>
    /// Adds entries, each replacing any with the same id (a later one in the list wins); returns how
    /// many ids were new. Every entry is checked before any is added.
    /// </summary>
    public int AddRange(IReadOnlyList<EmbeddedEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var prepared = new IndexedEntry[entries.Count];
        for (var i = 0; i < entries.Count; i++) prepared[i] = Prepare(entries[i]);

        _lock.EnterUpgradeableReadLock();
        try
        {
            var added = 0;
            bool buildGraph;
            _lock.EnterWriteLock();
            try
            {
                foreach (var item in prepared)
                {
                    if (!RemoveCore(item.Entry.Id)) added++;
                    InsertCore(item);
                }
                buildGraph = _graph is null && _entries.Count > _options.HnswThreshold;
            }
            finally
            {
                _lock.ExitWriteLock();
            }

            // Graph work happens outside the write lock: until it is done, lookups simply cannot
            // reach the new entries through the graph, and no other writer can run.
            if (buildGraph)
            {
                var graph = new HnswGraph(Dimension, _options);
                graph.Add([.. _entries.Select(e => e.Key)], [.. _entries.Select(e => e.Vector)]);
                _lock.EnterWriteLock();
                _graph = graph;
                _lock.ExitWriteLock();
            }
            else if (_graph is not null)
            {
                // Skip entries that a later one in the same list has already replaced.
                var live = prepared.Where(e => _byKey.ContainsKey(e.Key)).ToArray();
                _graph.Add([.. live.Select(e => e.Key)], [.. live.Select(e => e.Vector)]);
            }
            return added;
        }
        finally
        {
            _lock.ExitUpgradeableReadLock();
        }
    }

    public bool Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        _lock.EnterWriteLock();
        try
        {
            var removed = RemoveCore(id);
            if (_graph is not null && _entries.Count < _options.HnswThreshold / 2)
            {
                _graph.Dispose();
                _graph = null;
            }
            return removed;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public KnowledgeEntry? Get(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Read(() => _byId.TryGetValue(id, out var item) ? item.Entry : null);
    }

    /// <summary>All entries, oldest first.</summary>
    public IReadOnlyList<KnowledgeEntry> List() =>
        Read(() => _entries.Select(e => e.Entry).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id, StringComparer.Ordinal).ToList());

    /// <summary>
    /// Finds the answer to a question.
    /// </summary>
    /// <param name="queryEmbedding">The question's embedding; null to try the exact text only.</param>
    /// <param name="normalizedText">The question through <see cref="QuestionNormalizer.Normalize"/>; null to skip the text match.</param>
    /// <param name="threshold">Least cosine similarity that counts as the same question.</param>
    /// <param name="requireContextFree">The conversation has earlier turns, so only context-free entries may answer.</param>
    public KnowledgeMatch Lookup(float[]? queryEmbedding, string? normalizedText, float threshold, bool requireContextFree)
    {
        if (float.IsNaN(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), "The threshold is not a number.");
        var query = queryEmbedding is null ? null : ToUnitVector(queryEmbedding, nameof(queryEmbedding));

        _lock.EnterReadLock();
        try
        {
            if (!string.IsNullOrEmpty(normalizedText)
                && _byText.TryGetValue(normalizedText, out var sameText)
                && PreferredOf(sameText, requireContextFree) is { } exact)
                return KnowledgeMatch.ExactText(exact.Entry);
            if (query is null) return KnowledgeMatch.Miss(null);

            var (nearest, similarity) = _graph is null ? Scan(query, requireContextFree) : SearchGraph(_graph, query, requireContextFree);
            if (nearest is null) return KnowledgeMatch.Miss(null);
            return similarity >= threshold ? KnowledgeMatch.Semantic(nearest.Entry, similarity) : KnowledgeMatch.Miss(similarity);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>A copy of every entry and vector, for persisting; rebuild with <see cref="Import"/>.</summary>
    public KnowledgeSnapshot Export() => Read(() => new KnowledgeSnapshot(
        EmbeddingModel, Dimension,
        [.. _entries.OrderBy(e => e.Key).Select(e => new EmbeddedEntry(e.Entry, (float[])e.Vector.Clone()))]));

    public void Dispose()
    {
        _graph?.Dispose();
        _lock.Dispose();
    }

    private IndexedEntry Prepare(EmbeddedEntry embedded)
    {
        ArgumentNullException.ThrowIfNull(embedded);
        var entry = embedded.Entry;
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrWhiteSpace(entry.Id)) throw new ArgumentException("An entry has no id.", nameof(embedded));
        if (string.IsNullOrWhiteSpace(entry.Question)) throw new ArgumentException($"Entry '{entry.Id}' has no question.", nameof(embedded));
        if (string.IsNullOrWhiteSpace(entry.Answer)) throw new ArgumentException($"Entry '{entry.Id}' has no answer.", nameof(embedded));
        return new IndexedEntry(entry, QuestionNormalizer.Normalize(entry.Question), ToUnitVector(embedded.Vector, nameof(embedded)));
    }

    private float[] ToUnitVector(float[] vector, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(vector, parameterName);
        if (vector.Length != Dimension)
            throw new ArgumentException($"Expected a vector of {Dimension} values for {EmbeddingModel}; got {vector.Length}.", parameterName);
        var norm = TensorPrimitives.Norm(vector);
        if (!float.IsFinite(norm) || norm == 0) throw new ArgumentException("The vector must be finite and not zero.", parameterName);
        // Vectors that are already unit length (every embedder's, every snapshot's) are kept bit for
        // bit, so an export and import round trip changes nothing.
        if (MathF.Abs(norm - 1f) <= 1e-5f) return (float[])vector.Clone();
        var unit = new float[vector.Length];
        TensorPrimitives.Divide(vector, norm, unit);
        return unit;
    }

    private void InsertCore(IndexedEntry item)
    {
        item.Key = ++_lastKey;
        item.Slot = _entries.Count;
        _entries.Add(item);
        _byId.Add(item.Entry.Id, item);
        _byKey.Add(item.Key, item);
        if (item.NormalizedQuestion.Length == 0) return;
        if (!_byText.TryGetValue(item.NormalizedQuestion, out var sameText)) _byText.Add(item.NormalizedQuestion, sameText = []);
        sameText.Add(item);
    }

    private bool RemoveCore(string id)
    {
        if (!_byId.Remove(id, out var item)) return false;
        // Move the last entry into the gap so the scanned list stays dense.
        var last = _entries[^1];
        _entries[item.Slot] = last;
        last.Slot = item.Slot;
        _entries.RemoveAt(_entries.Count - 1);
        _byKey.Remove(item.Key);
        if (_byText.TryGetValue(item.NormalizedQuestion, out var sameText))
        {
            sameText.Remove(item);
            if (sameText.Count == 0) _byText.Remove(item.NormalizedQuestion);
        }
        _graph?.Remove(item.Key);
        return true;
    }

    /// <summary>Among entries with the same text: curated before learned, then the newest.</summary>
    private static IndexedEntry? PreferredOf(List<IndexedEntry> sameText, bool requireContextFree) =>
        sameText.Where(e => !requireContextFree || e.Entry.ContextFree)
            .OrderBy(e => e.Entry.Source == KnowledgeSource.Curated ? 0 : 1)
            .ThenByDescending(e => e.Entry.CreatedAt)
            .FirstOrDefault();

    private (IndexedEntry? Nearest, float Similarity) Scan(float[] query, bool requireContextFree)
    {
        IndexedEntry? nearest = null;
        var best = float.NegativeInfinity;
        foreach (var item in _entries)
        {
            if (requireContextFree && !item.Entry.ContextFree) continue;
            var similarity = TensorPrimitives.Dot(query, item.Vector);
            if (similarity > best)
            {
                best = similarity;
                nearest = item;
            }
        }
        return (nearest, best);
    }

    private (IndexedEntry? Nearest, float Similarity) SearchGraph(HnswGraph graph, float[] query, bool requireContextFree)
    {
        // Candidates are re-ranked by their exact similarity. When none may answer (all need
        // context), widen once, then scan: the scan is exact, and this case is rare.
        var count = Math.Min(_options.HnswCandidates, _entries.Count);
        for (var round = 0; round < 2; round++, count = Math.Min(count * 8, _entries.Count))
        {
            IndexedEntry? nearest = null;
            var best = float.NegativeInfinity;
            foreach (var key in graph.Search(query, count))
            {
                if (!_byKey.TryGetValue(key, out var item) || (requireContextFree && !item.Entry.ContextFree)) continue;
                var similarity = TensorPrimitives.Dot(query, item.Vector);
                if (similarity > best)
                {
                    best = similarity;
                    nearest = item;
                }
            }
            if (nearest is not null) return (nearest, best);
        }
        return Scan(query, requireContextFree);
    }

    private T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
