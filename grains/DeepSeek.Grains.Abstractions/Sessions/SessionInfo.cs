using DeepSeek.Grains.Chat;

namespace DeepSeek.Grains.Sessions;

/// <summary>A conversation kept by the platform.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.session-info")]
public sealed record SessionInfo
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public string? Model { get; init; }
    [Id(2)] public IReadOnlyList<ChatTurn> Turns { get; init; } = [];

    /// <summary>The GPU worker that served the last model turn (its KV cache may still hold the prefix).</summary>
    [Id(3)] public string? LastWorker { get; init; }
    [Id(4)] public DateTimeOffset CreatedAt { get; init; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Turns dropped from the front to stay within the token budget.</summary>
    [Id(6)] public int TrimmedTurns { get; init; }
}
