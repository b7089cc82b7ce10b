namespace DeepSeek.Grains.Models;

/// <summary>Counts tokens the way a model's tokenizer does, for budgets and rate limits.</summary>
public interface ITokenCounter
{
    /// <summary>Tokens of <paramref name="text"/> under <paramref name="model"/>'s tokenizer (an estimate when the model is unknown).</summary>
    int Count(string? model, string text);
}
