using System.Security.Cryptography;
using DeepSeek.Grains.Events;
using DeepSeek.Knowledge;
using DeepSeek.Knowledge.Embeddings;
using DeepSeek.Knowledge.Index;
using Microsoft.Extensions.Options;
using Entry = DeepSeek.Grains.Knowledge.KnowledgeEntry;
using IndexEntry = DeepSeek.Knowledge.Index.KnowledgeEntry;

namespace DeepSeek.Grains.Knowledge;

/// <summary>
/// One tenant's known answers for one model: the index lives in memory, entries and their vectors in
/// grain state. Lookups interleave (see the interface) so concurrent questions share embedding batches.
/// </summary>
public sealed class KnowledgeGrain(
    [PersistentState("knowledge", ProviderNames.Storage)] IPersistentState<KnowledgeState> state,
    IEmbeddingModel embedder,
    IOptions<KnowledgeGrainOptions> options,
    TimeProvider clock) : Grain, IKnowledgeGrain, IDisposable
{
    private KnowledgeIndex _index = null!;
    private KnowledgeBase _base = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var entries = state.State.EmbeddingModel == embedder.Name ? state.State.Entries : [];
        var snapshot = new KnowledgeSnapshot(embedder.Name, embedder.Dimension,
            entries.Select(e => new EmbeddedEntry(ToIndex(e.Entry), e.Vector)).ToList());
        _index = KnowledgeIndex.Import(snapshot, new KnowledgeIndexOptions { HnswThreshold = options.Value.HnswThreshold });
        _base = new KnowledgeBase(embedder, _index, new KnowledgeOptions { SimilarityThreshold = options.Value.SimilarityThreshold }, clock);
        return Task.CompletedTask;
    }

    public async Task<KnowledgeMatch> LookupAsync(string question, bool hasContext, CancellationToken cancellationToken = default)
    {
        var match = await _base.FindAsync(question, hasContext, cancellationToken);
        return new KnowledgeMatch
        {
            Entry = match.Entry is null ? null : FromIndex(match.Entry),
            Similarity = match.Similarity,
            Kind = match.Kind switch { KnowledgeMatchKind.ExactText => "exact", KnowledgeMatchKind.Semantic => "semantic", _ => "none" },
        };
    }

    public async Task<Entry> AddAsync(KnowledgeEntryInput input) => (await AddManyAsync([input]))[0];

    public async Task<ImportResult> ImportAsync(IReadOnlyList<KnowledgeEntryInput> inputs)
    {
        var errors = new List<ImportError>();
        var valid = new List<KnowledgeEntryInput>();
        for (var i = 0; i < inputs.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(inputs[i].Question) || string.IsNullOrWhiteSpace(inputs[i].Answer))
                errors.Add(new ImportError(i + 1, "question and answer must not be empty"));
            else valid.Add(inputs[i]);
        }
        var added = valid.Count == 0 ? [] : await AddManyAsync(valid);
        return new ImportResult { Added = added.Count, Errors = errors };
    }

    public Task<Entry?> GetAsync(string id) => Task.FromResult(_index.Get(id) is { } e ? FromIndex(e) : null);

    public Task<IReadOnlyList<Entry>> ListAsync(int offset, int limit) =>
        Task.FromResult<IReadOnlyList<Entry>>(state.State.Entries.Skip(offset).Take(limit).Select(e => e.Entry).ToList());

    public Task<int> CountAsync() => Task.FromResult(state.State.Entries.Count);

    public async Task<bool> DeleteAsync(string id)
    {
        var index = state.State.Entries.FindIndex(e => e.Entry.Id == id);
        if (index < 0) return false;
        state.State.Entries.RemoveAt(index);
        await state.WriteStateAsync();
        _index.Remove(id);
        var (tenant, model) = Scope();
        await this.PublishAsync(EventStreams.Knowledge, new KnowledgeEntryDeleted { TenantId = tenant, Timestamp = clock.GetUtcNow(), Model = model, EntryId = id });
        return true;
    }

    private async Task<IReadOnlyList<Entry>> AddManyAsync(IReadOnlyList<KnowledgeEntryInput> inputs)
    {
        foreach (var input in inputs)
        {
            if (string.IsNullOrWhiteSpace(input.Question)) throw PlatformException.InvalidRequest("'question' must not be empty.", "question");
            if (string.IsNullOrWhiteSpace(input.Answer)) throw PlatformException.InvalidRequest("'answer' must not be empty.", "answer");
        }
        var vectors = new List<float[]>(inputs.Count);
        foreach (var chunk in inputs.Chunk(256))
            vectors.AddRange(await embedder.EmbedAsync([.. chunk.Select(i => i.Question.Trim())]));
        var now = clock.GetUtcNow();
        var stored = inputs.Select((input, i) => new StoredKnowledgeEntry
        {
            Entry = new Entry
            {
                Id = "kn_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
                Question = input.Question.Trim(),
                Answer = input.Answer,
                ContextFree = input.ContextFree,
                Source = input.Source,
                CreatedAt = now,
            },
            Vector = vectors[i],
        }).ToList();
        // Durable first: an acknowledged entry survives a crash; the in-memory index follows.
        state.State.EmbeddingModel = embedder.Name;
        state.State.Entries.AddRange(stored);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Entries.RemoveRange(state.State.Entries.Count - stored.Count, stored.Count);
            throw;
        }
        _index.AddRange(stored.Select(s => new EmbeddedEntry(ToIndex(s.Entry), s.Vector)).ToList());
        var (tenant, model) = Scope();
        foreach (var source in stored.GroupBy(s => s.Entry.Source))
        {
            await this.PublishAsync(EventStreams.Knowledge, new KnowledgeEntriesAdded
            {
                TenantId = tenant,
                Timestamp = now,
                Model = model,
                EntryIds = source.Select(s => s.Entry.Id).ToList(),
                Source = source.Key,
            });
        }
        return stored.Select(s => s.Entry).ToList();
    }

    /// <summary>The grain's key is <c>tenant/model</c>.</summary>
    private (string Tenant, string Model) Scope()
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.IndexOf('/');
        return (key[..slash], key[(slash + 1)..]);
    }

    private static IndexEntry ToIndex(Entry e) => new(e.Id, e.Question, e.Answer, e.ContextFree, e.CreatedAt,
        e.Source == "learned" ? KnowledgeSource.Learned : KnowledgeSource.Curated);

    private static Entry FromIndex(IndexEntry e) => new()
    {
        Id = e.Id,
        Question = e.Question,
        Answer = e.Answer,
        ContextFree = e.ContextFree,
        Source = e.Source == KnowledgeSource.Learned ? "learned" : "curated",
        CreatedAt = e.CreatedAt,
    };

    public void Dispose() => _index?.Dispose();
}
