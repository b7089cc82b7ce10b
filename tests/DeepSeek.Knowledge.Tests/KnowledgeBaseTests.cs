using DeepSeek.Knowledge.Import;
using DeepSeek.Knowledge.Index;

namespace DeepSeek.Knowledge.Tests;

/// <summary>The known-answer path with a counting fake embedder, so embedding calls can be asserted.</summary>
public sealed class KnowledgeBaseTests
{
    private static KnowledgeBase Create(CountingEmbeddingModel embedder, float threshold = 0.85f) =>
        new(embedder, new KnowledgeIndex(embedder.Name, embedder.Dimension), new KnowledgeOptions { SimilarityThreshold = threshold });

    [Fact]
    public async Task AnExactNormalizedRepeatIsAnsweredWithoutEmbedding()
    {
        var embedder = new CountingEmbeddingModel();
        var knowledge = Create(embedder);
        await knowledge.AddAsync("What is Orleans?", "A virtual actor framework.", contextFree: true);
        Assert.Equal(1, embedder.Calls);

        var match = await knowledge.FindAsync("  what is ORLEANS ", conversationHasContext: false);

        Assert.Equal(KnowledgeMatchKind.ExactText, match.Kind);
        Assert.Equal("A virtual actor framework.", match.Entry!.Answer);
        Assert.Equal(1, embedder.Calls);
    }

    [Fact]
    public async Task ANewQuestionIsEmbeddedOnceAndMatchedBySimilarity()
    {
        var embedder = new CountingEmbeddingModel()
            .Set("How do I reset my password?", [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
            .Set("I forgot my password", [0.95f, 0.3f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var knowledge = Create(embedder);
        await knowledge.AddAsync("How do I reset my password?", "Use the reset link.", contextFree: true);

        var hit = await knowledge.FindAsync("I forgot my password", conversationHasContext: false);
        var miss = await knowledge.FindAsync("How do I bake bread?", conversationHasContext: false);

        Assert.Equal(KnowledgeMatchKind.Semantic, hit.Kind);
        Assert.Equal("Use the reset link.", hit.Entry!.Answer);
        Assert.Equal(KnowledgeMatchKind.Miss, miss.Kind);
        Assert.Equal(3, embedder.Calls);
    }

    [Fact]
    public async Task AnEmptyKnowledgeBaseNeverEmbeds()
    {
        var embedder = new CountingEmbeddingModel();
        var knowledge = Create(embedder);

        Assert.False((await knowledge.FindAsync("Anything?", conversationHasContext: false)).IsHit);
        Assert.False((await knowledge.FindAsync("?!", conversationHasContext: false)).IsHit);
        Assert.Equal(0, embedder.Calls);
    }

    [Fact]
    public async Task InAConversationWithContextOnlyContextFreeEntriesAnswer()
    {
        var embedder = new CountingEmbeddingModel();
        var knowledge = Create(embedder);
        await knowledge.AddAsync("Can you explain that again?", "It depends on the previous turn.", contextFree: false);
        await knowledge.AddAsync("What is Orleans?", "A virtual actor framework.", contextFree: true);

        Assert.True((await knowledge.FindAsync("Can you explain that again?", conversationHasContext: false)).IsHit);
        Assert.False((await knowledge.FindAsync("Can you explain that again?", conversationHasContext: true)).IsHit);
        Assert.True((await knowledge.FindAsync("What is Orleans?", conversationHasContext: true)).IsHit);
    }

    [Fact]
    public async Task ImportedItemsAreEmbeddedInBatchesAndAnswer()
    {
        var embedder = new CountingEmbeddingModel();
        var knowledge = new KnowledgeBase(
            embedder, new KnowledgeIndex(embedder.Name, embedder.Dimension), new KnowledgeOptions { AddBatchSize = 4 },
            new FixedTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)));
        var items = Enumerable.Range(0, 10).Select(i => new KnowledgeImportItem($"Question {i}?", $"Answer {i}", i % 2 == 0)).ToArray();

        var created = await knowledge.AddRangeAsync(items, KnowledgeSource.Curated);

        Assert.Equal(10, created.Count);
        Assert.Equal(3, embedder.Calls);
        Assert.Equal(10, knowledge.Index.Count);
        Assert.All(created, e => Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), e.CreatedAt));
        Assert.Equal("Answer 7", (await knowledge.FindAsync("question 7", false)).Entry!.Answer);
    }

    [Fact]
    public void AnIndexOfAnotherModelIsRejected()
    {
        var embedder = new CountingEmbeddingModel();
        Assert.Throws<ArgumentException>(() => new KnowledgeBase(embedder, new KnowledgeIndex("other-model", embedder.Dimension)));
        Assert.Throws<ArgumentException>(() => new KnowledgeBase(embedder, new KnowledgeIndex(embedder.Name, embedder.Dimension + 1)));
    }
}
