using DeepSeek.Knowledge.Embeddings;
using DeepSeek.Knowledge.Import;
using DeepSeek.Knowledge.Index;

namespace DeepSeek.Knowledge;

/// <summary>
/// The known-answer path: a question is answered from the index when its normalised text is already
/// there (no embedding needed) or when its embedding is within the similarity threshold of an
/// entry's. In a conversation with earlier turns only context-free entries may answer.
/// </summary>
public sealed class KnowledgeBase
{
    private readonly IEmbeddingModel _embedder;
    private readonly TimeProvider _time;

    public KnowledgeBase(IEmbeddingModel embedder, KnowledgeIndex index, KnowledgeOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(index);
        if (index.EmbeddingModel != embedder.Name || index.Dimension != embedder.Dimension)
            throw new ArgumentException(
                $"The index holds {index.Dimension}-dimensional vectors of {index.EmbeddingModel}, but the embedder is {embedder.Name} ({embedder.Dimension}).",
                nameof(index));
        Options = options ?? new KnowledgeOptions();
        Options.Validate();
        _embedder = embedder;
        Index = index;
        _time = time ?? TimeProvider.System;
    }

    public KnowledgeIndex Index { get; }

    public KnowledgeOptions Options { get; }

    /// <summary>
    /// Looks for a known answer to <paramref name="question"/> (the last user turn). When
    /// <paramref name="conversationHasContext"/> is true, earlier turns exist, so only context-free
    /// entries may answer.
    /// </summary>
    public async Task<KnowledgeMatch> FindAsync(string question, bool conversationHasContext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        var normalized = QuestionNormalizer.Normalize(question);
        if (normalized.Length == 0) return KnowledgeMatch.Miss(null);

        // An exact repeat costs a dictionary lookup; only a miss pays for an embedding.
        var exact = Index.Lookup(null, normalized, Options.SimilarityThreshold, conversationHasContext);
        if (exact.IsHit || Index.Count == 0) return exact;

        var vectors = await _embedder.EmbedAsync([question.Trim()], cancellationToken).ConfigureAwait(false);
        return Index.Lookup(vectors[0], normalized, Options.SimilarityThreshold, conversationHasContext);
    }

    /// <summary>Embeds and adds one entry (replacing one with the same <paramref name="id"/>).</summary>
    public async Task<KnowledgeEntry> AddAsync(
        string question, string answer, bool contextFree, KnowledgeSource source = KnowledgeSource.Curated,
        IReadOnlyDictionary<string, string>? metadata = null, string? id = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentException.ThrowIfNullOrWhiteSpace(answer);
        var vectors = await _embedder.EmbedAsync([question.Trim()], cancellationToken).ConfigureAwait(false);
        var entry = new KnowledgeEntry(id ?? NewId(), question.Trim(), answer, contextFree, _time.GetUtcNow(), source, metadata);
        Index.Add(entry, vectors[0]);
        return entry;
    }

    /// <summary>Embeds and adds imported items in batches; returns the entries created.</summary>
    public async Task<IReadOnlyList<KnowledgeEntry>> AddRangeAsync(
        IReadOnlyList<KnowledgeImportItem> items, KnowledgeSource source = KnowledgeSource.Curated, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var created = new List<KnowledgeEntry>(items.Count);
        foreach (var chunk in items.Chunk(Options.AddBatchSize))
        {
            var vectors = await _embedder.EmbedAsync([.. chunk.Select(i => i.Question.Trim())], cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var embedded = chunk
                .Select((item, i) => new EmbeddedEntry(
                    new KnowledgeEntry(NewId(), item.Question.Trim(), item.Answer, item.ContextFree, now, source), vectors[i]))
                .ToArray();
            Index.AddRange(embedded);
            created.AddRange(embedded.Select(e => e.Entry));
        }
        return created;
    }

    public bool Remove(string id) => Index.Remove(id);

    private static string NewId() => Guid.NewGuid().ToString("N");
}
