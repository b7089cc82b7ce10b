using Orleans.Concurrency;

namespace DeepSeek.Grains.Knowledge;

/// <summary>The known answers of one tenant for one model, with their embedding index. Key: <c>tenant/model</c>.</summary>
[Alias("deepseek.knowledge")]
public interface IKnowledgeGrain : IGrainWithStringKey
{
    /// <summary>Finds the known answer to a question; with context, only context-free entries may answer.</summary>
    [AlwaysInterleave] // lookups only read; interleaving lets concurrent questions share one embedding batch
    [Alias("lookup")] Task<KnowledgeMatch> LookupAsync(string question, bool hasContext, CancellationToken cancellationToken = default);

    [Alias("add")] Task<KnowledgeEntry> AddAsync(KnowledgeEntryInput input);

    [Alias("import")] Task<ImportResult> ImportAsync(IReadOnlyList<KnowledgeEntryInput> inputs);

    [Alias("get")] Task<KnowledgeEntry?> GetAsync(string id);

    [Alias("list")] Task<IReadOnlyList<KnowledgeEntry>> ListAsync(int offset, int limit);

    [Alias("count")] Task<int> CountAsync();

    /// <summary>Deletes an entry; false when there is none with that id.</summary>
    [Alias("delete")] Task<bool> DeleteAsync(string id);
}
