using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Knowledge;

namespace DeepSeek.Grains.Tests;

/// <summary>Feedback on a finished completion, through its grain: which answers become known answers.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CompletionGrainTests(ClusterFixture cluster)
{
    private const int Timeout = 60_000;
    private static int _tenants;

    [Fact(Timeout = Timeout)]
    public async Task APositiveRatingOfAStandaloneModelAnswerPromotesIt()
    {
        var (completion, knowledge) = await RecordAsync(CompletionRoute.ModelRoute, hadContext: false);

        var result = await completion.RateAsync(1);

        Assert.True(result.Promoted);
        var entry = await knowledge.GetAsync(result.KnowledgeEntryId!);
        Assert.Equal("Why is the sky blue?", entry!.Question);
        Assert.Equal("Rayleigh scattering.", entry.Answer);
        Assert.Equal("learned", entry.Source);
        Assert.False(entry.ContextFree);
        Assert.Equal("Rayleigh scattering.", (await knowledge.LookupAsync("Why is the sky blue?", hasContext: false)).Entry?.Answer);
        Assert.Equal(1, (await completion.GetAsync())!.Rating);
    }

    [Theory(Timeout = Timeout)]
    [InlineData(CompletionRoute.Knowledge, false, 1)]
    [InlineData(CompletionRoute.ModelRoute, true, 1)]
    [InlineData(CompletionRoute.ModelRoute, false, 0)]
    [InlineData(CompletionRoute.ModelRoute, false, -1)]
    public async Task OtherAnswersAndRatingsAreRecordedWithoutPromotion(string route, bool hadContext, int rating)
    {
        var (completion, knowledge) = await RecordAsync(route, hadContext);

        var result = await completion.RateAsync(rating);

        Assert.False(result.Promoted);
        Assert.Null(result.KnowledgeEntryId);
        Assert.Equal(rating, (await completion.GetAsync())!.Rating);
        Assert.Equal(0, await knowledge.CountAsync());
    }

    [Fact(Timeout = Timeout)]
    public async Task RatingAgainNeverAddsASecondEntry()
    {
        var (completion, knowledge) = await RecordAsync(CompletionRoute.ModelRoute, hadContext: false);

        var first = await completion.RateAsync(1);
        var down = await completion.RateAsync(-1);
        var up = await completion.RateAsync(1);

        Assert.True(first.Promoted);
        Assert.False(down.Promoted);
        Assert.False(up.Promoted);
        Assert.Equal(first.KnowledgeEntryId, up.KnowledgeEntryId);
        Assert.Equal(1, await knowledge.CountAsync());
    }

    [Fact(Timeout = Timeout)]
    public async Task AnEmptyModelAnswerIsNotPromoted()
    {
        var (completion, knowledge) = await RecordAsync(CompletionRoute.ModelRoute, hadContext: false, answer: " ");

        Assert.False((await completion.RateAsync(1)).Promoted);
        Assert.Equal(0, await knowledge.CountAsync());
    }

    [Theory(Timeout = Timeout)]
    [InlineData(2)]
    [InlineData(-2)]
    public async Task ARatingOutsideMinusOneToOneIsRefused(int rating)
    {
        var (completion, knowledge) = await RecordAsync(CompletionRoute.ModelRoute, hadContext: false);

        var error = await Assert.ThrowsAsync<PlatformException>(() => completion.RateAsync(rating));

        Assert.Equal(400, error.Status);
        Assert.Equal("rating", error.Param);
        Assert.Null((await completion.GetAsync())!.Rating);
        Assert.Equal(0, await knowledge.CountAsync());
    }

    [Fact(Timeout = Timeout)]
    public async Task RatingACompletionThatWasNeverRecordedIsNotFound()
    {
        var error = await Assert.ThrowsAsync<PlatformException>(() =>
            cluster.Grains.GetGrain<ICompletionGrain>("tenant_nobody/chatcmpl-none").RateAsync(1));

        Assert.Equal(404, error.Status);
        Assert.Equal("completion_not_found", error.Code);
    }

    private async Task<(ICompletionGrain Completion, IKnowledgeGrain Knowledge)> RecordAsync(
        string route, bool hadContext, string answer = "Rayleigh scattering.")
    {
        var tenant = $"tenant_c{Interlocked.Increment(ref _tenants)}";
        var completion = cluster.Grains.GetGrain<ICompletionGrain>($"{tenant}/chatcmpl-1");
        await completion.RecordAsync(new CompletionRecord
        {
            CompletionId = "chatcmpl-1",
            Model = TinyModel.Id,
            Question = "Why is the sky blue?",
            Answer = answer,
            Route = route,
            HadContext = hadContext,
        });
        return (completion, cluster.Grains.GetGrain<IKnowledgeGrain>($"{tenant}/{TinyModel.Id}"));
    }
}
