using DeepSeek.Grains.Knowledge;

namespace DeepSeek.Grains.Tests;

/// <summary>A tenant's known answers for a model, through its grain: matching, importing, and surviving deactivation.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KnowledgeGrainTests(ClusterFixture cluster)
{
    private const int Timeout = 60_000;
    private static int _grains;

    [Fact(Timeout = Timeout)]
    public async Task EntriesAndTheirVectorsSurviveDeactivationWithoutBeingEmbeddedAgain()
    {
        var knowledge = NewKnowledge();
        await knowledge.ImportAsync(
        [
            new KnowledgeEntryInput { Question = "What is the capital of France?", Answer = "Paris." },
            new KnowledgeEntryInput { Question = "How much does shipping cost?", Answer = "Shipping is free.", ContextFree = true },
        ]);
        var before = ActivationOf(knowledge);

        await cluster.Cluster.DeactivateAsync(knowledge);
        cluster.Embeddings.Reset();
        var exact = await knowledge.LookupAsync("what is the capital of france", hasContext: false);
        var afterExact = cluster.Embeddings.TextsEmbedded;
        var paraphrase = await knowledge.LookupAsync("What is the price of shipping?", hasContext: false);

        Assert.NotSame(before, ActivationOf(knowledge));
        Assert.Equal("Paris.", exact.Entry?.Answer);
        Assert.Equal("exact", exact.Kind);
        Assert.Equal(0, afterExact);
        Assert.Equal("Shipping is free.", paraphrase.Entry?.Answer);
        Assert.Equal("semantic", paraphrase.Kind);
        Assert.InRange(paraphrase.Similarity!.Value, 0.85, 1.0);
        // Only the question was embedded: the entries' vectors came back from storage.
        Assert.Equal(1, cluster.Embeddings.TextsEmbedded);
        Assert.Equal(2, await knowledge.CountAsync());
    }

    [Fact(Timeout = Timeout)]
    public async Task ADeletedEntryStaysDeletedAfterDeactivation()
    {
        var knowledge = NewKnowledge();
        var entry = await knowledge.AddAsync(new KnowledgeEntryInput { Question = "What is Orleans?", Answer = "A virtual actor framework." });

        Assert.True(await knowledge.DeleteAsync(entry.Id));
        await cluster.Cluster.DeactivateAsync(knowledge);

        Assert.Null(await knowledge.GetAsync(entry.Id));
        Assert.False((await knowledge.LookupAsync("What is Orleans?", hasContext: false)).Hit);
        Assert.Equal(0, await knowledge.CountAsync());
        Assert.False(await knowledge.DeleteAsync(entry.Id));
    }

    [Fact(Timeout = Timeout)]
    public async Task WithEarlierTurnsOnlyContextFreeEntriesAnswer()
    {
        var knowledge = NewKnowledge();
        await knowledge.AddAsync(new KnowledgeEntryInput { Question = "How do I reset my password?", Answer = "Use the link." });
        await knowledge.AddAsync(new KnowledgeEntryInput { Question = "What are your opening hours?", Answer = "9 to 5.", ContextFree = true });

        Assert.True((await knowledge.LookupAsync("How do I reset my password?", hasContext: false)).Hit);
        Assert.False((await knowledge.LookupAsync("How do I reset my password?", hasContext: true)).Hit);
        Assert.Equal("9 to 5.", (await knowledge.LookupAsync("What are your opening hours?", hasContext: true)).Entry?.Answer);
    }

    [Fact(Timeout = Timeout)]
    public async Task AQuestionBelowTheThresholdMissesButReportsItsBestSimilarity()
    {
        var knowledge = NewKnowledge();
        await knowledge.AddAsync(new KnowledgeEntryInput { Question = "What is the capital of France?", Answer = "Paris." });

        var miss = await knowledge.LookupAsync("What is the population of France?", hasContext: false);
        var empty = await NewKnowledge().LookupAsync("Anything?", hasContext: false);

        Assert.False(miss.Hit);
        Assert.Equal("none", miss.Kind);
        Assert.InRange(miss.Similarity!.Value, 0.3, 0.85);
        Assert.Null(empty.Similarity);
    }

    [Fact(Timeout = Timeout)]
    public async Task AnImportReportsEmptyEntriesByPositionAndAddsTheRest()
    {
        var knowledge = NewKnowledge();

        var result = await knowledge.ImportAsync(
        [
            new KnowledgeEntryInput { Question = "One?", Answer = "1" },
            new KnowledgeEntryInput { Question = "  ", Answer = "no question" },
            new KnowledgeEntryInput { Question = "Three?", Answer = "3" },
        ]);

        Assert.Equal(2, result.Added);
        Assert.Equal(2, Assert.Single(result.Errors).Line);
        Assert.Equal(["One?", "Three?"], (await knowledge.ListAsync(0, 10)).Select(e => e.Question));
    }

    private IKnowledgeGrain NewKnowledge() => cluster.Grains.GetGrain<IKnowledgeGrain>($"tenant_k{Interlocked.Increment(ref _grains)}/{TinyModel.Id}");

    private object? ActivationOf(IKnowledgeGrain grain) =>
        cluster.Cluster.TryGetGrainContext(grain.GetGrainId(), out var context) ? context : null;
}
