using System.Collections.Concurrent;
using System.Text;
using DeepSeek.Tokenizers;

namespace DeepSeek.Grains.Models;

/// <summary>
/// Counts with the model's own tokenizer; about four UTF-8 bytes per token for unknown models. Counts of
/// recent texts are remembered: the same system prompts, questions and known answers come back again
/// and again, and counting them means tokenizing them whole.
/// </summary>
public sealed class ModelTokenCounter(IModelHost host) : ITokenCounter
{
    /// <summary>Texts remembered at most (the memory is cleared when full); longer texts are always counted.</summary>
    internal const int CachedTexts = 4096;
    internal const int MaxCachedTextLength = 2048;

    private readonly ConcurrentDictionary<(ITokenizer Tokenizer, string Text), int> _counts = new();

    public int Count(string? model, string text)
    {
        if (model is null || !host.TryGetModel(model, out var descriptor)) return (Encoding.UTF8.GetByteCount(text) + 3) / 4;
        if (text.Length > MaxCachedTextLength) return descriptor.Tokenizer.Encode(text, parseSpecialTokens: false).Count;
        // Keyed by the tokenizer itself (by reference), so a model registered again never reuses old counts.
        var key = (descriptor.Tokenizer, text);
        if (_counts.TryGetValue(key, out var count)) return count;
        count = descriptor.Tokenizer.Encode(text, parseSpecialTokens: false).Count;
        if (_counts.Count >= CachedTexts) _counts.Clear();
        _counts[key] = count;
        return count;
    }
}
