using DeepSeek.Knowledge.Index;

namespace DeepSeek.Knowledge.Tests;

/// <summary>The known-answer path end to end with real MiniLM embeddings.</summary>
[Collection(MiniLmCollection.Name)]
public sealed class MiniLmKnowledgeTests(MiniLmFixture fixture)
{
    private async Task<KnowledgeBase> CreateAsync(float threshold = 0.85f)
    {
        var knowledge = new KnowledgeBase(
            fixture.Model, new KnowledgeIndex(fixture.Model.Name, fixture.Model.Dimension),
            new KnowledgeOptions { SimilarityThreshold = threshold });
        await knowledge.AddAsync("What is the capital of France?", "Paris.", contextFree: true);
        await knowledge.AddAsync("How do I reset my password?", "Use the link on the sign-in page.", contextFree: true);
        await knowledge.AddAsync("Can you say that more simply?", "Sure.", contextFree: false);
        return knowledge;
    }

    [Fact]
    public async Task AParaphraseHitsAndAnUnrelatedQuestionMisses()
    {
        var knowledge = await CreateAsync();

        var paraphrase = await knowledge.FindAsync("Which city is France's capital?", conversationHasContext: false);
        var unrelated = await knowledge.FindAsync("How do I bake bread?", conversationHasContext: false);

        Assert.Equal(KnowledgeMatchKind.Semantic, paraphrase.Kind);
        Assert.Equal("Paris.", paraphrase.Entry!.Answer);
        Assert.InRange(paraphrase.Similarity!.Value, 0.9f, 0.97f);
        Assert.False(unrelated.IsHit);
        Assert.InRange(unrelated.Similarity!.Value, -1f, 0.4f);
    }

    [Fact]
    public async Task TheThresholdDecides()
    {
        // The pair scores about 0.93: a hit at 0.8, a miss at 0.99.
        var lenient = await CreateAsync(threshold: 0.8f);
        var strict = await CreateAsync(threshold: 0.99f);

        Assert.True((await lenient.FindAsync("Which city is France's capital?", false)).IsHit);
        var miss = await strict.FindAsync("Which city is France's capital?", false);
        Assert.False(miss.IsHit);
        Assert.InRange(miss.Similarity!.Value, 0.8f, 0.99f);
    }

    [Fact]
    public async Task AQuestionNeedingDifferentFactsMissesEvenWhenWordedAlike()
    {
        var knowledge = await CreateAsync();

        Assert.False((await knowledge.FindAsync("What is the capital of Germany?", false)).IsHit);
        Assert.False((await knowledge.FindAsync("How do I reset my router?", false)).IsHit);
    }

    [Fact]
    public async Task AContextBoundEntryDoesNotAnswerInsideAConversation()
    {
        var knowledge = await CreateAsync();

        Assert.True((await knowledge.FindAsync("Could you say that more simply?", conversationHasContext: false)).IsHit);
        Assert.False((await knowledge.FindAsync("Could you say that more simply?", conversationHasContext: true)).IsHit);
        Assert.True((await knowledge.FindAsync("Which city is France's capital?", conversationHasContext: true)).IsHit);
    }
}
