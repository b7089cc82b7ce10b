using DeepSeek.Grains.Chat;

namespace DeepSeek.Grains.Sessions;

[GenerateSerializer, Alias("deepseek.session-state")]
public sealed class SessionState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string? Model { get; set; }
    [Id(2)] public List<ChatTurn> Turns { get; set; } = [];
    [Id(3)] public string? LastWorker { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(6)] public int TrimmedTurns { get; set; }
}
