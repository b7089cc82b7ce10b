using DeepSeek.Training.Data;

namespace DeepSeek.Training;

/// <summary>
/// The loss a model would reach by knowing only how often each token occurs: the entropy of the empirical
/// token distribution, in nats per token like <see cref="LanguageModelLoss"/>. Taken over exactly the tokens a
/// held-out loss is taken over, it is the bar a model that uses context has to clear.
/// </summary>
public static class UnigramBaseline
{
    /// <summary>
    /// Entropy of the target tokens of <paramref name="dataset"/> (masked tokens and those past
    /// <paramref name="sequenceLength"/> + 1 excluded, as in training). The distribution is fitted to these same
    /// tokens, so this is the best any context-free model can do on them.
    /// </summary>
    public static double Entropy(TokenDataset dataset, int sequenceLength)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var counts = new Dictionary<int, long>();
        var total = 0L;
        foreach (var sequence in dataset)
        {
            var end = Math.Min(sequence.Tokens.Length, sequenceLength + 1);
            for (var i = 1; i < end; i++)
            {
                if (!sequence.LossMask[i]) continue;
                counts[sequence.Tokens[i]] = counts.GetValueOrDefault(sequence.Tokens[i]) + 1;
                total++;
            }
        }
        if (total == 0) return 0;
        return -counts.Values.Sum(c => (double)c / total * Math.Log((double)c / total));
    }
}
