using System.Text;

namespace DeepSeek.Grains.Models;

/// <summary>Counts with the model's own tokenizer; about four UTF-8 bytes per token for unknown models.</summary>
public sealed class ModelTokenCounter(IModelHost host) : ITokenCounter
{
    public int Count(string? model, string text)
    {
        if (model is not null && host.TryGetModel(model, out var descriptor)) return descriptor.Tokenizer.Encode(text, parseSpecialTokens: false).Count;
        return (Encoding.UTF8.GetByteCount(text) + 3) / 4;
    }
}
