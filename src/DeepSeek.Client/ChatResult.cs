using DeepSeek.Grains.Chat;

namespace DeepSeek.Client;

/// <summary>A finished chat completion.</summary>
/// <param name="CompletionId"><c>chatcmpl-…</c>; pass it to <see cref="DeepSeekClient.RateAsync"/>.</param>
/// <param name="Model">The model that was asked (after resolving "default").</param>
/// <param name="Text">The answer.</param>
/// <param name="FinishReason">stop, length or cancelled.</param>
/// <param name="Usage">Prompt and completion tokens.</param>
/// <param name="Route">Knowledge base or model, the similarity seen, and the worker that generated a model answer.</param>
/// <param name="SessionId">The session continued, if any.</param>
public sealed record ChatResult(
    string CompletionId,
    string Model,
    string Text,
    string FinishReason,
    ChatUsage Usage,
    CompletionRoute Route,
    string? SessionId);

/// <summary>Tokens a completion consumed.</summary>
public sealed record ChatUsage(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>
/// A streamed piece of a chat completion. The first chunk carries the route; the last one the finish
/// reason and usage.
/// </summary>
public sealed record ChatChunk(
    string CompletionId,
    string Model,
    string Text,
    CompletionRoute? Route,
    string? FinishReason,
    ChatUsage? Usage);
