using System.Text.Json.Serialization;

namespace DeepSeek.Tokenizers.Tests;

/// <summary>One text and what the reference tokenizer made of it.</summary>
public sealed record ReferenceCase(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("ids")] int[] Ids,
    [property: JsonPropertyName("plainIds")] int[] PlainIds,
    [property: JsonPropertyName("decoded")] string Decoded);
