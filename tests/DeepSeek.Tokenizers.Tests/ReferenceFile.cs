using System.Text.Json.Serialization;

namespace DeepSeek.Tokenizers.Tests;

/// <summary>The expected.json the reference generator writes for one tokenizer or template.</summary>
public sealed record ReferenceFile(
    [property: JsonPropertyName("package")] string Package,
    [property: JsonPropertyName("cases")] ReferenceCase[]? Cases,
    [property: JsonPropertyName("chats")] ReferenceChat[] Chats,
    [property: JsonPropertyName("template")] string? Template);
