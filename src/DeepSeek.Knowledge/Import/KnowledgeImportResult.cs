namespace DeepSeek.Knowledge.Import;

/// <summary>The valid items of an import file and one error per line that was not.</summary>
public sealed record KnowledgeImportResult(IReadOnlyList<KnowledgeImportItem> Items, IReadOnlyList<KnowledgeImportError> Errors);
