using DeepSeek.Engine;
using DeepSeek.Engine.Simulation;
using DeepSeek.Tokenizers;

namespace DeepSeek.Placement.Tests;

public sealed class SimulatedEngineTests
{
    private static readonly ByteTokenizer Tokenizer = new();

    private static async Task<(string Text, GenerationUsage Usage)> RunAsync(IGenerationEngine engine, string prompt, string? session, int tokens = 8)
    {
        var text = "";
        GenerationUsage? usage = null;
        var request = new GenerationRequest(Tokenizer.Encode(prompt, parseSpecialTokens: false), new SamplingOptions { MaxTokens = tokens }) { PrefixKey = session };
        await foreach (var chunk in engine.GenerateAsync(request))
        {
            text += chunk.Text;
            usage = chunk.Usage ?? usage;
        }
        return (text, usage!);
    }

    [Fact]
    public async Task ASessionsNextTurnSkipsTheCachedPrefix()
    {
        await using var engine = new SimulatedEngine(Tokenizer, new SimulatedEngineOptions { TimeScale = 0.001 });
        var first = await RunAsync(engine, "hello there", "t/s1");

        var second = await RunAsync(engine, "hello there" + first.Text + " and more", "t/s1");
        var stranger = await RunAsync(engine, "hello there" + first.Text + " and more", "t/s2");

        Assert.Equal(0, first.Usage.CachedPromptTokens);
        Assert.Equal(11 + 8, second.Usage.CachedPromptTokens);
        Assert.Equal(0, stranger.Usage.CachedPromptTokens);
        Assert.Contains("t/s1", engine.CachedPrefixKeys);
    }

    [Fact]
    public async Task TheLeastRecentlyUsedSessionLeavesAFullCache()
    {
        var options = new SimulatedEngineOptions { TimeScale = 0.001, MaxSequenceLength = 64, KvCacheTokens = 64 };
        await using var engine = new SimulatedEngine(Tokenizer, options);

        await RunAsync(engine, new string('a', 30), "t/old");
        await RunAsync(engine, new string('b', 30), "t/new");

        Assert.Equal(["t/new"], engine.CachedPrefixKeys);
    }

    [Fact]
    public async Task BatchingSharesADecodeStep()
    {
        // 100 virtual ms per step whatever the batch: throughput grows with the batch.
        var latency = new LatencyModel { DecodeBaseMs = 100, DecodeMsPerSequence = 0, PrefillMsPerToken = 0 };
        await using var engine = new SimulatedEngine(Tokenizer, new SimulatedEngineOptions { TimeScale = 0.01, Latency = latency });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => RunAsync(engine, $"prompt {i}", null, tokens: 20)));

        // One sequence alone makes 10 tokens per virtual second; eight sharing each step make about 80.
        Assert.Equal(8 * 20, engine.Statistics.TokensGenerated);
        Assert.InRange(engine.Statistics.TokensPerSecond, 40, 80);
    }
}
