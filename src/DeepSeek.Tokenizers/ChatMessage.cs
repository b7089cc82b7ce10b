namespace DeepSeek.Tokenizers;

/// <summary>One turn of a conversation: role is system, user, assistant (or tool); content is plain text.</summary>
public sealed record ChatMessage(string Role, string Content);
