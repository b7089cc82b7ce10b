using DeepSeek.Models;
using static DeepSeek.Engine.Tests.EngineFixture;
using static TorchSharp.torch;

namespace DeepSeek.Engine.Tests;

public sealed class BatchingEngineTests
{
    private static readonly SamplingOptions Greedy = new() { Temperature = 0, MaxTokens = 20 };

    [Fact]
    public async Task GreedyGenerationEqualsAFullRecomputeLoop()
    {
        using var model = CreateModel();
        await using var engine = CreateEngine(model);
        var prompt = new LetterTokenizer().Encode("helloworld").ToList();
        var (tokens, _, last) = await CollectAsync(engine.GenerateAsync(new GenerationRequest(prompt, Greedy)));

        // Reference: argmax of a full forward over the whole sequence, one token at a time, no cache.
        var expected = new List<int>();
        var sequence = new List<int>(prompt);
        using (no_grad())
        {
            while (expected.Count < tokens.Count)
            {
                using var scope = NewDisposeScope();
                var logits = model.forward(tensor(sequence.Select(i => (long)i).ToArray(), [1, sequence.Count]));
                var next = (int)logits.select(1, sequence.Count - 1).argmax(-1).item<long>();
                expected.Add(next);
                sequence.Add(next);
            }
        }
        Assert.Equal(expected, tokens);
        Assert.NotNull(last.FinishReason);
    }

    [Fact]
    public async Task ConcurrentRequestsDecodeExactlyAsTheyDoAlone()
    {
        using var model = CreateModel();
        var requests = new[]
        {
            Request("abc", new SamplingOptions { Temperature = 0.9, TopP = 0.95, Seed = 1, MaxTokens = 30 }),
            Request("thequickbrownfox", new SamplingOptions { Temperature = 0.7, TopK = 10, Seed = 2, MaxTokens = 25 }),
            Request("x", new SamplingOptions { Temperature = 0, MaxTokens = 40 }),
            Request("lorem", new SamplingOptions { Temperature = 1.2, FrequencyPenalty = 0.5, PresencePenalty = 0.3, Seed = 3, MaxTokens = 35 }),
            Request("zzzzzzzzzzzzzzzzzzzzzzzzz", new SamplingOptions { Temperature = 1.0, Seed = 4, MaxTokens = 12 }),
        };

        var alone = new List<List<int>>();
        await using (var single = CreateEngine(model, batch: 1))
        {
            foreach (var request in requests) alone.Add((await CollectAsync(single.GenerateAsync(request))).Tokens);
        }
        await using var batched = CreateEngine(model, batch: 4);
        var together = await Task.WhenAll(requests.Select(r => CollectAsync(batched.GenerateAsync(r))));
        for (var i = 0; i < requests.Length; i++) Assert.Equal(alone[i], together[i].Tokens);
    }

    [Fact]
    public async Task SameSeedGivesSameTokensAndOtherSeedsDiffer()
    {
        using var model = CreateModel();
        await using var engine = CreateEngine(model);
        var options = new SamplingOptions { Temperature = 1.0, Seed = 42, MaxTokens = 40 };
        var first = await CollectAsync(engine.GenerateAsync(Request("seed", options)));
        var second = await CollectAsync(engine.GenerateAsync(Request("seed", options)));
        var other = await CollectAsync(engine.GenerateAsync(Request("seed", options with { Seed = 43 })));
        Assert.Equal(first.Tokens, second.Tokens);
        Assert.NotEqual(first.Tokens, other.Tokens);
    }

    [Fact]
    public async Task MaxTokensEndsWithLengthAndCountsUsage()
    {
        using var model = CreateModel();
        await using var engine = CreateEngine(model);
        var options = new SamplingOptions { Temperature = 0, MaxTokens = 7, LogitBias = NoEnd };
        var (tokens, text, last) = await CollectAsync(engine.GenerateAsync(Request("abcdef", options)));
        Assert.Equal(FinishReason.Length, last.FinishReason);
        Assert.Equal(7, tokens.Count);
        Assert.Equal(7, text.Length);
        Assert.Equal(6, last.Usage!.PromptTokens);
        Assert.Equal(tokens.Count, last.Usage.CompletionTokens);
    }

    [Fact]
    public async Task StopSequenceCutsTheTextBeforeIt()
    {
        using var model = CreateModel();
        await using var engine = CreateEngine(model);
        var options = new SamplingOptions { Temperature = 0.8, Seed = 9, MaxTokens = 60, LogitBias = NoEnd };
        var free = await CollectAsync(engine.GenerateAsync(Request("stop", options)));
        Assert.True(free.Text.Length >= 12, $"need a longer reference text, got '{free.Text}'");
        var stop = free.Text.Substring(8, 3);
        var cut = free.Text[..free.Text.IndexOf(stop, StringComparison.Ordinal)];

        var stopped = await CollectAsync(engine.GenerateAsync(Request("stop", options with { Stop = [stop] })));
        Assert.Equal(cut, stopped.Text);
        Assert.Equal(FinishReason.Stop, stopped.Last.FinishReason);
        Assert.DoesNotContain(stop, stopped.Text);
    }

    [Fact]
    public async Task EndOfSequenceTokenStopsWithoutText()
    {
        using var model = CreateModel();
        await using var engine = CreateEngine(model);
        // Make the end id the only sensible choice: a stop token id set for a greedy run's first token.
        var first = await CollectAsync(engine.GenerateAsync(Request("eos", Greedy with { MaxTokens = 1 })));
        var firstToken = first.Tokens[0];
        var ended = await CollectAsync(engine.GenerateAsync(Request("eos", Greedy with { StopTokenIds = [firstToken] })));
        Assert.Equal(FinishReason.Stop, ended.Last.FinishReason);
        Assert.Equal("", ended.Text);
        Assert.Equal(1, ended.Last.Usage!.CompletionTokens);
    }

    [Fact]
    public async Task CancellingFreesTheSlotAndLeavesOthersUntouched()
    {
        using var model = CreateModel();
        var steady = Request("steady", new SamplingOptions { Temperature = 0.5, Seed = 5, MaxTokens = 30 });
        List<int> steadyAlone;
        await using (var reference = CreateEngine(model, batch: 1))
            steadyAlone = (await CollectAsync(reference.GenerateAsync(steady))).Tokens;

        await using var engine = CreateEngine(model, batch: 2, maxLength: 512);
        using var cancel = new CancellationTokenSource();
        var endless = new SamplingOptions { Temperature = 1, Seed = 6, MaxTokens = 100_000, LogitBias = NoEnd };
        var longRun = Task.Run(async () =>
        {
            var seen = 0;
            GenerationChunk? last = null;
            await foreach (var chunk in engine.GenerateAsync(Request("long", endless), cancel.Token))
            {
                last = chunk;
                if (++seen == 5) cancel.Cancel();
            }
            return last!;
        });
        var steadyRun = CollectAsync(engine.GenerateAsync(steady));
        var cancelled = await longRun.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(FinishReason.Cancelled, cancelled.FinishReason);
        Assert.Equal(steadyAlone, (await steadyRun.WaitAsync(TimeSpan.FromSeconds(60))).Tokens);

        // Both slots are free again: two new requests run at once.
        await Task.WhenAll(
            CollectAsync(engine.GenerateAsync(Request("a", Greedy))),
            CollectAsync(engine.GenerateAsync(Request("b", Greedy)))).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, engine.Statistics.ActiveSequences);
    }

    [Fact]
    public async Task AFullQueueRejectsAtOnce()
    {
        using var model = CreateModel();
        await using var engine = CreateEngine(model, batch: 1, queue: 1, maxLength: 512);
        using var cancel = new CancellationTokenSource();
        var endless = new SamplingOptions { Temperature = 1, Seed = 1, MaxTokens = 100_000, LogitBias = NoEnd };
        var running = CollectAsync(engine.GenerateAsync(Request("one", endless), cancel.Token));
        var waiting = CollectAsync(engine.GenerateAsync(Request("two", endless), cancel.Token));
        var error = Assert.Throws<EngineOverloadedException>(() => engine.GenerateAsync(Request("three", Greedy)));
        Assert.Contains("queue is full", error.Message);
        cancel.Cancel();
        await Task.WhenAll(running, waiting).WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task LogitBiasBansAToken()
    {
        using var model = CreateModel();
        await using var engine = CreateEngine(model);
        var free = await CollectAsync(engine.GenerateAsync(Request("bias", Greedy with { LogitBias = NoEnd })));
        var banned = free.Tokens[0];
        var bias = new Dictionary<int, double> { [banned] = -100, [LetterTokenizer.End] = -100 };
        var biased = await CollectAsync(engine.GenerateAsync(Request("bias", Greedy with { LogitBias = bias })));
        Assert.DoesNotContain(banned, biased.Tokens);
    }

    [Fact]
    public async Task AReaderThatStopsEarlyReleasesItsSlot()
    {
        using var model = CreateModel();
        await using var engine = CreateEngine(model, batch: 1, maxLength: 512);
        var endless = new SamplingOptions { Temperature = 1, Seed = 1, MaxTokens = 100_000, LogitBias = NoEnd };
        await foreach (var _ in engine.GenerateAsync(Request("abandon", endless))) break;
        var next = await CollectAsync(engine.GenerateAsync(Request("next", Greedy))).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(next.Last.FinishReason);
    }

    [Theory]
    [InlineData(-0.1, 1.0, 10)]
    [InlineData(2.5, 1.0, 10)]
    [InlineData(1.0, 0.0, 10)]
    [InlineData(1.0, 1.5, 10)]
    [InlineData(1.0, 1.0, 0)]
    public async Task InvalidSamplingOptionsAreRejected(double temperature, double topP, int maxTokens)
    {
        using var model = CreateModel();
        await using var engine = CreateEngine(model);
        var options = new SamplingOptions { Temperature = temperature, TopP = topP, MaxTokens = maxTokens };
        Assert.Throws<ArgumentException>(() => engine.GenerateAsync(Request("bad", options)));
    }

    [Fact]
    public async Task APromptLongerThanTheContextIsRejected()
    {
        using var model = CreateModel();
        await using var engine = CreateEngine(model, maxLength: 32);
        var error = Assert.Throws<ArgumentException>(() => engine.GenerateAsync(Request(new string('a', 40), Greedy)));
        Assert.Contains("at most 31 prompt tokens", error.Message);
    }

    [Fact]
    public async Task TheContextWindowEndsGenerationWithLength()
    {
        using var model = CreateModel();
        await using var engine = CreateEngine(model, maxLength: 16);
        var (tokens, _, last) = await CollectAsync(engine.GenerateAsync(Request("abcdefghij", new SamplingOptions { Temperature = 1, Seed = 3, MaxTokens = 100, LogitBias = NoEnd })));
        Assert.Equal(6, tokens.Count);
        Assert.Equal(FinishReason.Length, last.FinishReason);
    }
}
