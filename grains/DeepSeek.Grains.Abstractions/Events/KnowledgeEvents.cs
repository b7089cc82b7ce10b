namespace DeepSeek.Grains.Events;

/// <summary>Known answers were added to a tenant's knowledge base for a model (namespace <c>knowledge</c>).</summary>
[GenerateSerializer, Immutable, Alias("deepseek.event.knowledge-added")]
public sealed record KnowledgeEntriesAdded : PlatformEvent
{
    [Id(0)] public required string Model { get; init; }
    [Id(1)] public required IReadOnlyList<string> EntryIds { get; init; }

    /// <summary><c>curated</c> (admin API, import) or <c>learned</c> (promoted by feedback).</summary>
    [Id(2)] public required string Source { get; init; }
}

/// <summary>A known answer was deleted (namespace <c>knowledge</c>).</summary>
[GenerateSerializer, Immutable, Alias("deepseek.event.knowledge-deleted")]
public sealed record KnowledgeEntryDeleted : PlatformEvent
{
    [Id(0)] public required string Model { get; init; }
    [Id(1)] public required string EntryId { get; init; }
}

/// <summary>A positively rated model answer became a known answer (namespace <c>knowledge</c>).</summary>
[GenerateSerializer, Immutable, Alias("deepseek.event.answer-learned")]
public sealed record AnswerLearned : PlatformEvent
{
    [Id(0)] public required string Model { get; init; }
    [Id(1)] public required string CompletionId { get; init; }
    [Id(2)] public required string KnowledgeEntryId { get; init; }
}
