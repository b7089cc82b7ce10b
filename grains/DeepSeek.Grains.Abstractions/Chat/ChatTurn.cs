namespace DeepSeek.Grains.Chat;

/// <summary>One message of a conversation: role system, user or assistant.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.chat-turn")]
public sealed record ChatTurn([property: Id(0)] string Role, [property: Id(1)] string Content);
