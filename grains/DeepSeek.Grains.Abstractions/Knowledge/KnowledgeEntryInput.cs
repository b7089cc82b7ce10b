namespace DeepSeek.Grains.Knowledge;

/// <summary>A question and its known answer, as added by an administrator or learned from feedback.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.knowledge-entry-input")]
public sealed record KnowledgeEntryInput
{
    [Id(0)] public required string Question { get; init; }
    [Id(1)] public required string Answer { get; init; }

    /// <summary>True when the answer holds whatever came before in a conversation.</summary>
    [Id(2)] public bool ContextFree { get; init; }

    /// <summary>curated (added by people) or learned (promoted from a rated model answer).</summary>
    [Id(3)] public string Source { get; init; } = "curated";
}
