using DeepSeek.Training.Data;

namespace DeepSeek.Training.Tests;

public sealed class UnigramBaselineTests
{
    [Fact]
    public void FourEquallyFrequentTargetsHaveEntropyLnFour()
    {
        // Targets are tokens 1.. of each sequence: 1, 2, 3, 4 once each; the leading 9 is never predicted.
        var dataset = new TokenDataset([TokenSequence.AllTargets([9, 1, 2, 3, 4])]);

        Assert.Equal(Math.Log(4), UnigramBaseline.Entropy(dataset, sequenceLength: 16), precision: 12);
    }

    [Fact]
    public void OnlyTheTokensTheLossSeesCount()
    {
        // Masked tokens and those past the training window are not targets, so they do not count either.
        var dataset = new TokenDataset([new TokenSequence([9, 5, 5, 7, 8, 8], [false, true, true, false, true, true])]);

        Assert.Equal(0, UnigramBaseline.Entropy(dataset, sequenceLength: 2), precision: 12);
        Assert.Equal(-(2 / 3.0 * Math.Log(2 / 3.0) + 1 / 3.0 * Math.Log(1 / 3.0)), UnigramBaseline.Entropy(dataset, sequenceLength: 4), precision: 12);
    }
}
