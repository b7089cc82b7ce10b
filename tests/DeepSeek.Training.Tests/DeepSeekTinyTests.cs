using System.Text.Json;
using DeepSeek.Engine;
using DeepSeek.Models;
using DeepSeek.Tokenizers;
using DeepSeek.Training.Data;
using Bytes = DeepSeek.Tokenizers.ByteTokenizer;

namespace DeepSeek.Training.Tests;

/// <summary>The committed models/deepseek-tiny: it loads as the server loads it, has learned its corpus and ends its turns.</summary>
public sealed class DeepSeekTinyTests
{
    private const int SequenceLength = 512;

    /// <summary>The held-out loss must be at least this fraction below the unigram baseline (measured: 0.29 vs 3.15 nats, 91% below).</summary>
    private const double RequiredMargin = 0.8;

    /// <summary>A reply must end within this many tokens (bytes); the corpus's longest answer is about 130.</summary>
    private const int MaxReplyTokens = 200;

    private static readonly string ModelPath = RepositoryRoot.Combine("models", "deepseek-tiny");
    private static readonly string HeldOutPath = RepositoryRoot.Combine("models", "corpus", "plain-heldout.jsonl");

    [Fact]
    public void LoadsStrictlyAsAByteLevelLlamaWithThePlainChatFormat()
    {
        var directory = ModelDirectory.Open(ModelPath);

        // LoadModel is strict: a missing, extra or misshapen tensor throws.
        using var model = directory.LoadModel();

        Assert.Equal("llama", directory.Config.ModelType);
        Assert.True(directory.Config.TieWordEmbeddings);
        Assert.Equal(new Bytes().VocabularySize, directory.Config.VocabSize);
        Assert.InRange(model.ParameterCount, 1_000_000, 10_000_000);
        Assert.Equal(ChatTemplates.Plain, directory.ChatTemplate.Name);
        Assert.Equal(new Bytes().Encode(Bytes.EndOfTurnToken).Single(), directory.Tokenizer.TokenToId(Bytes.EndOfTurnToken));
        Assert.NotNull(directory.Generation?.MaxNewTokens);
    }

    [Fact]
    public void HeldOutLossIsWellBelowTheUnigramBaseline()
    {
        var directory = ModelDirectory.Open(ModelPath);
        using var model = directory.LoadModel();
        var documents = File.ReadLines(HeldOutPath).Select(Text).ToArray();
        var heldOut = PackedTextDataset.Build(documents, directory.Tokenizer, SequenceLength, directory.Tokenizer.TokenToId(Bytes.EndOfSequenceToken));

        var loss = Trainer.Evaluate(model, heldOut, SequenceLength);
        var baseline = UnigramBaseline.Entropy(heldOut, SequenceLength);

        Assert.True(baseline > 2.0, $"unigram baseline {baseline:F3}: the held-out text should look like English bytes");
        Assert.True(loss < (1 - RequiredMargin) * baseline, $"held-out loss {loss:F3} nats/token, unigram baseline {baseline:F3}");
    }

    [Theory]
    [InlineData("What is Orleans?", "Orleans")]
    [InlineData("What is the capital of France?", "Paris")]
    public async Task AGreedyChatReplyIsOnTopicAndEndsWithTheEndOfTurnToken(string prompt, string expected)
    {
        var directory = ModelDirectory.Open(ModelPath);
        using var model = directory.LoadModel();
        await using var engine = new BatchingEngine(model, directory.Tokenizer, new EngineOptions { MaxBatchSize = 1, MaxSequenceLength = 512 });
        var ids = directory.Tokenizer.Encode(directory.ChatTemplate.Render([new ChatMessage("user", prompt)], addGenerationPrompt: true));
        var endOfTurn = directory.Tokenizer.TokenToId(Bytes.EndOfTurnToken)!.Value;
        var options = new SamplingOptions { Temperature = 0, MaxTokens = MaxReplyTokens, StopTokenIds = [endOfTurn] };

        var chunks = new List<GenerationChunk>();
        await foreach (var chunk in engine.GenerateAsync(new GenerationRequest(ids, options)))
            chunks.Add(chunk);

        var reply = string.Concat(chunks.Select(c => c.Text));
        var last = chunks[^1];
        Assert.Equal(FinishReason.Stop, last.FinishReason);
        Assert.Equal(endOfTurn, last.TokenId);
        Assert.InRange(last.Usage!.CompletionTokens, 2, MaxReplyTokens);
        Assert.Contains(expected, reply);
    }

    private static string Text(string jsonLine)
    {
        using var document = JsonDocument.Parse(jsonLine);
        return document.RootElement.GetProperty("text").GetString()!;
    }
}
