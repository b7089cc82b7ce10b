namespace DeepSeek.Grains.Usage;

/// <summary>One line of the usage read model: a tenant's completions of one model and route on one UTC day.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.usage-row")]
public sealed record UsageRow
{
    [Id(0)] public required string TenantId { get; init; }
    [Id(1)] public required DateOnly Day { get; init; }
    [Id(2)] public required string Model { get; init; }
    [Id(3)] public required string Route { get; init; }
    [Id(4)] public long Requests { get; init; }
    [Id(5)] public long PromptTokens { get; init; }
    [Id(6)] public long CompletionTokens { get; init; }
}

/// <summary>Which usage rows to read: one tenant's (or every tenant's when null) between two days, inclusive.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.usage-query")]
public sealed record UsageQuery
{
    [Id(0)] public string? TenantId { get; init; }
    [Id(1)] public required DateOnly From { get; init; }
    [Id(2)] public required DateOnly To { get; init; }
}
