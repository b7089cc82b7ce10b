using System.Text.Json.Serialization;

namespace DeepSeek.Tokenizers.Tests;

/// <summary>One conversation rendered by the reference Jinja engine (and its ids, where a tokenizer was involved).</summary>
public sealed record ReferenceChat(
    [property: JsonPropertyName("messages")] ChatMessageJson[] Messages,
    [property: JsonPropertyName("add_generation_prompt")] bool AddGenerationPrompt,
    [property: JsonPropertyName("rendered")] string Rendered,
    [property: JsonPropertyName("ids")] int[]? Ids)
{
    public IReadOnlyList<ChatMessage> ToChatMessages() => Messages.Select(m => new ChatMessage(m.Role, m.Content)).ToList();
}
