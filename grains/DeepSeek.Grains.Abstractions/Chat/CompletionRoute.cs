namespace DeepSeek.Grains.Chat;

/// <summary>How a completion was answered: from the knowledge base or by the model, and where.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.completion-route")]
public sealed record CompletionRoute
{
    public const string Knowledge = "knowledge";
    public const string ModelRoute = "model";

    [Id(0)] public required string Route { get; init; }

    /// <summary>Cosine similarity of the best knowledge entry (also reported on a miss).</summary>
    [Id(1)] public double? Similarity { get; init; }
    [Id(2)] public string? KnowledgeEntryId { get; init; }

    /// <summary>The GPU worker that generated a model answer (<c>node/device</c>).</summary>
    [Id(3)] public string? Worker { get; init; }
}
