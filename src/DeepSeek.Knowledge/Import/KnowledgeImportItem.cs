namespace DeepSeek.Knowledge.Import;

/// <summary>A question and answer read from an import file, not yet embedded.</summary>
public sealed record KnowledgeImportItem(string Question, string Answer, bool ContextFree);
