namespace DeepSeek.Engine;

/// <summary>
/// Chooses the next token of one sequence from its logits: penalties, temperature, top-k, top-p, then
/// a draw from the sequence's own seeded generator, so a sequence's tokens do not depend on its batch.
/// </summary>
public sealed class TokenSampler
{
    private readonly SamplingOptions _options;
    private readonly Random _random;
    private readonly Dictionary<int, int> _counts = [];
    private float[] _scratch = [];
    private int[] _order = [];

    public TokenSampler(SamplingOptions options)
    {
        _options = options;
        _random = new Random(unchecked((int)(options.Seed ?? Random.Shared.NextInt64())));
    }

    /// <summary>Picks a token from <paramref name="logits"/> (one vocabulary row) and records it for penalties.</summary>
    public int Next(ReadOnlySpan<float> logits)
    {
        var token = Choose(logits);
        _counts[token] = _counts.GetValueOrDefault(token) + 1;
        return token;
    }

    private int Choose(ReadOnlySpan<float> logits)
    {
        if (_scratch.Length != logits.Length)
        {
            _scratch = new float[logits.Length];
            _order = new int[logits.Length];
        }
        var scores = _scratch;
        logits.CopyTo(scores);
        if (_options.FrequencyPenalty != 0 || _options.PresencePenalty != 0)
        {
            foreach (var (token, count) in _counts)
                scores[token] -= (float)(_options.FrequencyPenalty * count + _options.PresencePenalty);
        }
        foreach (var (token, bias) in _options.LogitBias)
        {
            if ((uint)token < (uint)scores.Length) scores[token] += (float)bias;
        }
        if (_options.Temperature < 1e-5) return ArgMax(scores);

        // Candidates in descending score order, cut to top-k.
        var order = _order;
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var candidates = order.Length;
        if (_options.TopK > 0 && _options.TopK < candidates)
        {
            candidates = _options.TopK;
            var kth = SelectKth(scores, candidates);
            var n = 0;
            for (var i = 0; i < scores.Length && n < candidates; i++) if (scores[i] > kth) order[n++] = i;
            for (var i = 0; i < scores.Length && n < candidates; i++) if (scores[i] == kth) order[n++] = i;
        }
        Array.Sort(order, 0, candidates, Comparer<int>.Create((a, b) => scores[b].CompareTo(scores[a])));

        // Softmax over the candidates at the given temperature.
        var max = scores[order[0]];
        var probabilities = new double[candidates];
        var total = 0.0;
        for (var i = 0; i < candidates; i++)
        {
            probabilities[i] = Math.Exp((scores[order[i]] - max) / _options.Temperature);
            total += probabilities[i];
        }

        // Nucleus: the shortest prefix whose mass reaches top_p.
        var kept = candidates;
        if (_options.TopP < 1.0)
        {
            var cumulative = 0.0;
            for (var i = 0; i < candidates; i++)
            {
                cumulative += probabilities[i] / total;
                if (cumulative >= _options.TopP) { kept = i + 1; break; }
            }
        }
        var keptMass = 0.0;
        for (var i = 0; i < kept; i++) keptMass += probabilities[i];
        var draw = _random.NextDouble() * keptMass;
        for (var i = 0; i < kept; i++)
        {
            draw -= probabilities[i];
            if (draw <= 0) return order[i];
        }
        return order[kept - 1];
    }

    private static int ArgMax(float[] scores)
    {
        var best = 0;
        for (var i = 1; i < scores.Length; i++) if (scores[i] > scores[best]) best = i;
        return best;
    }

    private static float SelectKth(float[] scores, int k)
    {
        // k-th largest value; a copy keeps the scores in vocabulary order.
        var copy = (float[])scores.Clone();
        Array.Sort(copy);
        return copy[copy.Length - k];
    }
}
