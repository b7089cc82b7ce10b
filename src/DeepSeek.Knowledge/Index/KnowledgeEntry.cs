namespace DeepSeek.Knowledge.Index;

/// <summary>A known answer to a question.</summary>
/// <param name="Id">Unique within one knowledge base; adding an entry with a taken id replaces the old one.</param>
/// <param name="Question">The question as written; its normalised form is the exact-match key.</param>
/// <param name="Answer">Returned as the completion on a hit.</param>
/// <param name="ContextFree">
/// The answer holds whatever came before in the conversation, so it may answer a turn of a
/// multi-turn conversation; entries without it answer only a conversation's first question.
/// </param>
/// <param name="CreatedAt">When the entry was added; the newest wins among entries with the same text.</param>
/// <param name="Source">Curated entries win over learned ones with the same text.</param>
/// <param name="Metadata">Free-form tags (e.g. the completion a learned answer came from).</param>
public sealed record KnowledgeEntry(
    string Id,
    string Question,
    string Answer,
    bool ContextFree,
    DateTimeOffset CreatedAt,
    KnowledgeSource Source,
    IReadOnlyDictionary<string, string>? Metadata = null);
