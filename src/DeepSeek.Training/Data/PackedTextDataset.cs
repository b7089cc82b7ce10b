using DeepSeek.Tokenizers;

namespace DeepSeek.Training.Data;

/// <summary>
/// Plain text for pretraining: documents are tokenized, joined with an end-of-sequence separator into one
/// stream, and cut into windows of <c>sequenceLength + 1</c> tokens (inputs plus the shifted targets).
/// Windows overlap by one token so every token after the first is predicted exactly once.
/// </summary>
public static class PackedTextDataset
{
    public static TokenDataset Build(IEnumerable<string> documents, ITokenizer tokenizer, int sequenceLength, int? separatorId = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceLength, 1);
        var separator = separatorId ?? tokenizer.EndOfSequenceIds.FirstOrDefault(-1);
        if (separator < 0) throw new ArgumentException("The tokenizer has no end-of-sequence id; pass a separator id.", nameof(separatorId));

        var stream = new List<int>();
        foreach (var document in documents)
        {
            // Raw text is data, not markup: a literal "<|endoftext|>" inside it must not become the special token.
            stream.AddRange(tokenizer.Encode(document, parseSpecialTokens: false));
            stream.Add(separator);
        }

        var windows = new List<TokenSequence>();
        for (var start = 0; start + 1 < stream.Count; start += sequenceLength)
        {
            var length = Math.Min(sequenceLength + 1, stream.Count - start);
            windows.Add(TokenSequence.AllTargets(stream.GetRange(start, length).ToArray()));
        }
        return new TokenDataset(windows);
    }
}
