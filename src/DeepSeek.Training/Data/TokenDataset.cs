using System.Collections;

namespace DeepSeek.Training.Data;

/// <summary>An in-memory list of tokenized training sequences.</summary>
public sealed class TokenDataset : IReadOnlyList<TokenSequence>
{
    private readonly TokenSequence[] _sequences;

    public TokenDataset(IEnumerable<TokenSequence> sequences) => _sequences = sequences.ToArray();

    public int Count => _sequences.Length;

    public TokenSequence this[int index] => _sequences[index];

    /// <summary>
    /// Splits off a held-out set: a seeded random <paramref name="heldOutFraction"/> of the sequences
    /// (at least one when the fraction is positive and two or more sequences exist). Both parts keep
    /// the original order, and the same seed always gives the same split.
    /// </summary>
    public (TokenDataset Train, TokenDataset HeldOut) Split(double heldOutFraction, int seed = 0)
    {
        if (heldOutFraction is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(heldOutFraction), "Use a fraction in [0, 1).");
        var heldOutCount = (int)Math.Round(Count * heldOutFraction);
        if (heldOutFraction > 0 && Count > 1) heldOutCount = Math.Clamp(heldOutCount, 1, Count - 1);
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        var heldOut = order.Take(heldOutCount).ToHashSet();
        return (new TokenDataset(Enumerable.Range(0, Count).Where(i => !heldOut.Contains(i)).Select(i => _sequences[i])),
                new TokenDataset(Enumerable.Range(0, Count).Where(heldOut.Contains).Select(i => _sequences[i])));
    }

    /// <summary>
    /// Joins consecutive sequences, masks included, into rows of at most <paramref name="sequenceLength"/> + 1
    /// tokens, so short sequences (chat conversations) fill a training window instead of padding it. A sequence
    /// never straddles two rows; one that is longer than a row on its own stays a row of its own.
    /// </summary>
    public TokenDataset Pack(int sequenceLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceLength, 1);
        var rows = new List<TokenSequence>();
        var (tokens, mask) = (new List<int>(), new List<bool>());
        foreach (var sequence in _sequences)
        {
            if (tokens.Count > 0 && tokens.Count + sequence.Tokens.Length > sequenceLength + 1) Flush();
            tokens.AddRange(sequence.Tokens);
            mask.AddRange(sequence.LossMask);
        }
        Flush();
        return new TokenDataset(rows);

        void Flush()
        {
            if (tokens.Count == 0) return;
            rows.Add(new TokenSequence(tokens.ToArray(), mask.ToArray()));
            (tokens, mask) = (new List<int>(), new List<bool>());
        }
    }

    public IEnumerator<TokenSequence> GetEnumerator() => ((IEnumerable<TokenSequence>)_sequences).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
