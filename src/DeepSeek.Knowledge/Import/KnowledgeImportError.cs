namespace DeepSeek.Knowledge.Import;

/// <summary>Why one line of an import file was skipped; line numbers start at 1.</summary>
public sealed record KnowledgeImportError(int LineNumber, string Message)
{
    public override string ToString() => $"line {LineNumber}: {Message}";
}
