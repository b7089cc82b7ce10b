namespace DeepSeek.Engine.Tests;

public sealed class TokenSamplerTests
{
    private static readonly float[] Logits = [0.1f, 2.0f, 1.9f, -1f, 0.5f];

    [Fact]
    public void ZeroTemperatureIsArgMax()
    {
        var sampler = new TokenSampler(new SamplingOptions { Temperature = 0 });
        Assert.Equal(1, sampler.Next(Logits));
    }

    [Fact]
    public void TopKOfOneIsArgMaxAtAnyTemperature()
    {
        var sampler = new TokenSampler(new SamplingOptions { Temperature = 2, TopK = 1, Seed = 1 });
        for (var i = 0; i < 50; i++) Assert.Equal(1, sampler.Next(Logits));
    }

    [Fact]
    public void TopPKeepsOnlyTheNucleus()
    {
        var sampler = new TokenSampler(new SamplingOptions { Temperature = 1, TopP = 0.6, Seed = 7 });
        var seen = Enumerable.Range(0, 400).Select(_ => sampler.Next(Logits)).ToHashSet();
        Assert.Subset(new HashSet<int> { 1, 2 }, seen);
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public void SamplingFollowsTheDistribution()
    {
        var sampler = new TokenSampler(new SamplingOptions { Temperature = 1, Seed = 3 });
        var counts = new int[Logits.Length];
        const int draws = 20_000;
        for (var i = 0; i < draws; i++) counts[sampler.Next(Logits)]++;
        var total = Logits.Sum(l => Math.Exp(l));
        for (var t = 0; t < Logits.Length; t++)
            Assert.InRange(counts[t] / (double)draws, Math.Exp(Logits[t]) / total - 0.02, Math.Exp(Logits[t]) / total + 0.02);
    }

    [Fact]
    public void FrequencyPenaltyDiscouragesRepeats()
    {
        var sampler = new TokenSampler(new SamplingOptions { Temperature = 0, FrequencyPenalty = 2 });
        // Token 1 wins first; after one use its logit drops by 2 and token 2 wins.
        Assert.Equal(1, sampler.Next(Logits));
        Assert.Equal(2, sampler.Next(Logits));
    }
}
