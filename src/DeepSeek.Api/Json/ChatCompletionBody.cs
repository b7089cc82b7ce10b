using System.Text.Json.Serialization;
using DeepSeek.Grains.Chat;

namespace DeepSeek.Api.Json;

// The response of a non-streaming chat completion, in OpenAI's field order, written by generated code
// (ApiJsonContext): no reflection over anonymous types on the platform's busiest response.

/// <summary>A whole chat completion (<c>chat.completion</c>), plus how it was answered.</summary>
public sealed record ChatCompletionBody
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("object")] public string Object => "chat.completion";
    [JsonPropertyName("created")] public required long Created { get; init; }
    [JsonPropertyName("model")] public required string Model { get; init; }
    [JsonPropertyName("system_fingerprint")] public string? SystemFingerprint => null;
    [JsonPropertyName("choices")] public required IReadOnlyList<ChatCompletionChoice> Choices { get; init; }
    [JsonPropertyName("usage")] public required CompletionUsage Usage { get; init; }
    [JsonPropertyName("deepseek")] public RouteBody? Deepseek { get; init; }
}

public sealed record ChatCompletionChoice
{
    [JsonPropertyName("index")] public int Index { get; init; }
    [JsonPropertyName("message")] public required AssistantMessage Message { get; init; }
    // Always null; typed string so the generated writer needs no object (reflection) fallback for it.
    [JsonPropertyName("logprobs")] public string? Logprobs => null;
    [JsonPropertyName("finish_reason")] public required string FinishReason { get; init; }
}

public sealed record AssistantMessage
{
    [JsonPropertyName("role")] public string Role => "assistant";
    [JsonPropertyName("content")] public required string Content { get; init; }
    [JsonPropertyName("refusal")] public string? Refusal => null;
}

public sealed record CompletionUsage
{
    [JsonPropertyName("prompt_tokens")] public required int PromptTokens { get; init; }
    [JsonPropertyName("completion_tokens")] public required int CompletionTokens { get; init; }
    [JsonPropertyName("total_tokens")] public int TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>The platform's own field: the route a completion took (knowledge or model) and what decided it.</summary>
public sealed record RouteBody
{
    [JsonPropertyName("route")] public required string Route { get; init; }
    [JsonPropertyName("similarity")] public double? Similarity { get; init; }
    [JsonPropertyName("knowledge_entry_id")] public string? KnowledgeEntryId { get; init; }
    [JsonPropertyName("worker")] public string? Worker { get; init; }

    public static RouteBody? From(CompletionRoute? route) => route is null ? null : new()
    {
        Route = route.Route,
        Similarity = route.Similarity,
        KnowledgeEntryId = route.KnowledgeEntryId,
        Worker = route.Worker,
    };
}
