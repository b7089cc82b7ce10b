using DeepSeek.Training.Data;

namespace DeepSeek.Training.Tests;

public sealed class PackedTextDatasetTests
{
    [Fact]
    public void DocumentsAreJoinedWithSeparatorsAndCutIntoOverlappingWindows()
    {
        var dataset = PackedTextDataset.Build(["ab", "cd"], new ByteTokenizer(), sequenceLength: 3);

        // Stream a b EOS c d EOS; windows of 4 tokens step by 3, so each token after the first is a target once.
        const int eos = ByteTokenizer.EndOfText;
        Assert.Equal(2, dataset.Count);
        Assert.Equal(new[] { 'a', 'b', eos, 'c' }, dataset[0].Tokens);
        Assert.Equal(new[] { 'c', 'd', eos }, dataset[1].Tokens);
        Assert.All(dataset, s => Assert.All(s.LossMask, Assert.True));
    }

    [Fact]
    public void SpecialTokenTextInsideDocumentsStaysText()
    {
        var dataset = PackedTextDataset.Build(["<|im_end|>"], new ByteTokenizer(), sequenceLength: 64);
        Assert.Equal("<|im_end|>".Length + 1, dataset[0].Tokens.Length);
    }

    [Fact]
    public void SplitIsDisjointCompleteAndRepeatable()
    {
        var dataset = Corpus.Packed(documents: 40, sequenceLength: 8);
        var (train, heldOut) = dataset.Split(0.2, seed: 3);
        var (train2, heldOut2) = dataset.Split(0.2, seed: 3);

        Assert.Equal(dataset.Count, train.Count + heldOut.Count);
        Assert.Equal((int)Math.Round(dataset.Count * 0.2), heldOut.Count);
        Assert.Empty(train.Intersect(heldOut, ReferenceEqualityComparer.Instance));
        Assert.Equal(heldOut.ToArray(), heldOut2.ToArray());
        Assert.Equal(train.ToArray(), train2.ToArray());
    }

    [Fact]
    public void PackingFillsRowsWithWholeSequencesAndKeepsTheirMasks()
    {
        var dataset = new TokenDataset(
        [
            new TokenSequence([1, 2, 3], [false, true, true]),
            new TokenSequence([4, 5], [false, true]),
            new TokenSequence([6, 7, 8, 9], [false, false, true, true]),
            new TokenSequence([10, 11, 12, 13, 14, 15, 16], [false, true, true, true, true, true, true]),
        ]);

        var packed = dataset.Pack(sequenceLength: 5);

        // Rows hold at most 6 tokens; a sequence is never split, and one longer than a row stands alone.
        Assert.Equal(3, packed.Count);
        Assert.Equal([1, 2, 3, 4, 5], packed[0].Tokens);
        Assert.Equal([false, true, true, false, true], packed[0].LossMask);
        Assert.Equal([6, 7, 8, 9], packed[1].Tokens);
        Assert.Equal([10, 11, 12, 13, 14, 15, 16], packed[2].Tokens);
        Assert.Equal(dataset.Sum(s => s.LossMask.Count(m => m)), packed.Sum(s => s.LossMask.Count(m => m)));
    }
}
