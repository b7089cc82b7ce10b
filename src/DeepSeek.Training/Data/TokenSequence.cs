namespace DeepSeek.Training.Data;

/// <summary>
/// One training sequence: token ids and, per token, whether the model is trained to predict it.
/// <c>LossMask[i]</c> is true when token i is a target (the loss at position i - 1 counts); the first
/// token is never a target since nothing precedes it.
/// </summary>
public sealed record TokenSequence
{
    public TokenSequence(int[] tokens, bool[] lossMask)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(lossMask);
        if (tokens.Length == 0) throw new ArgumentException("A sequence needs at least one token.", nameof(tokens));
        if (tokens.Length != lossMask.Length) throw new ArgumentException("One mask entry per token is required.", nameof(lossMask));
        Tokens = tokens;
        LossMask = lossMask;
    }

    public int[] Tokens { get; }

    public bool[] LossMask { get; }

    /// <summary>Every token after the first is a target (plain-text pretraining).</summary>
    public static TokenSequence AllTargets(int[] tokens) => new(tokens, Enumerable.Repeat(true, tokens.Length).ToArray());

    /// <summary>Targets that remain when the sequence is cut to <paramref name="maxTokens"/> tokens.</summary>
    public int TargetCount(int maxTokens)
    {
        var count = 0;
        for (var i = 1; i < Math.Min(Tokens.Length, maxTokens); i++) if (LossMask[i]) count++;
        return count;
    }
}
