using System.Text.Json.Serialization;

namespace DeepSeek.Tokenizers.Tests;

/// <summary>A chat message as the reference generator writes it.</summary>
public sealed record ChatMessageJson(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string Content);
