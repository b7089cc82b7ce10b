namespace DeepSeek.Grains.Chat;

/// <summary>A chat completion as the inference engine sees it: validated, authenticated, tenant-scoped.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.completion-request")]
public sealed record CompletionRequest
{
    /// <summary>Completion id (<c>chatcmpl-…</c>), also the key feedback refers to.</summary>
    [Id(0)] public required string CompletionId { get; init; }
    [Id(1)] public required string TenantId { get; init; }
    [Id(2)] public required string Model { get; init; }

    /// <summary>The whole conversation to answer, session history included.</summary>
    [Id(3)] public required IReadOnlyList<ChatTurn> Messages { get; init; }
    [Id(4)] public SamplingSettings Sampling { get; init; } = SamplingSettings.Default;
    [Id(5)] public string? SessionId { get; init; }
    [Id(6)] public string? User { get; init; }

    /// <summary>Skip the knowledge base (the caller wants a fresh model answer).</summary>
    [Id(7)] public bool ModelOnly { get; init; }
}
