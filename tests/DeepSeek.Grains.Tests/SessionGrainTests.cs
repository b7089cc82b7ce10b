using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Sessions;

namespace DeepSeek.Grains.Tests;

/// <summary>A conversation's history, through its grain: appended, trimmed to the token budget, deleted.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SessionGrainTests(ClusterFixture cluster)
{
    private const int Timeout = 30_000;
    private static int _sessions;

    [Fact(Timeout = Timeout)]
    public async Task TurnsAreKeptInOrderWhileTheyFitTheBudget()
    {
        var session = NewSession();

        await session.AppendAsync([new ChatTurn("user", "Hi."), new ChatTurn("assistant", "Hello!")], TinyModel.Id, "node/0");
        var info = await session.AppendAsync([new ChatTurn("user", "Bye."), new ChatTurn("assistant", "Ciao.")], TinyModel.Id, null);

        Assert.Equal(["Hi.", "Hello!", "Bye.", "Ciao."], info.Turns.Select(t => t.Content));
        Assert.Equal(0, info.TrimmedTurns);
        Assert.Equal("node/0", info.LastWorker);
        Assert.Equal(TinyModel.Id, info.Model);
    }

    [Fact(Timeout = Timeout)]
    public async Task TheOldestTurnsAreDroppedOnceTheHistoryExceedsTheBudget()
    {
        var session = NewSession();
        string[] turns = [.. Enumerable.Range(1, 6).Select(i => $"Turn {i} has some words.")];

        SessionInfo info = null!;
        foreach (var pair in turns.Chunk(2))
            info = await session.AppendAsync([new ChatTurn("user", pair[0]), new ChatTurn("assistant", pair[1])], TinyModel.Id, null);

        Assert.True(info.TrimmedTurns > 0);
        Assert.Equal(turns.Length, info.TrimmedTurns + info.Turns.Count);
        Assert.Equal(turns[^info.Turns.Count..], info.Turns.Select(t => t.Content));
        Assert.InRange(info.Turns.Sum(Cost), 1, ClusterFixture.HistoryTokenBudget);
        // Dropping one turn fewer would not have fit.
        Assert.True(info.Turns.Sum(Cost) + Cost(new ChatTurn("user", turns[info.TrimmedTurns - 1])) > ClusterFixture.HistoryTokenBudget);
        Assert.Equal(info.Turns, (await session.GetAsync())!.Turns);
    }

    [Fact(Timeout = Timeout)]
    public async Task ATurnLargerThanTheWholeBudgetIsStillKeptAsTheNewest()
    {
        var session = NewSession();
        var huge = new string('x', ClusterFixture.HistoryTokenBudget * 2);

        await session.AppendAsync([new ChatTurn("user", "Short.")], TinyModel.Id, null);
        var info = await session.AppendAsync([new ChatTurn("user", huge)], TinyModel.Id, null);

        Assert.Equal(huge, Assert.Single(info.Turns).Content);
        Assert.Equal(1, info.TrimmedTurns);
    }

    [Fact(Timeout = Timeout)]
    public async Task ADeletedSessionIsGoneAndCreatingIsIdempotent()
    {
        var session = NewSession();

        Assert.Null(await session.GetAsync());
        var created = await session.CreateAsync(TinyModel.Id);
        var again = await session.CreateAsync("other-model");
        var deleted = await session.DeleteAsync();

        Assert.Equal(created.CreatedAt, again.CreatedAt);
        Assert.Equal(TinyModel.Id, again.Model);
        Assert.True(deleted);
        Assert.Null(await session.GetAsync());
        Assert.False(await session.DeleteAsync());
    }

    private int Cost(ChatTurn turn) => cluster.Tokenizer.Encode(turn.Content, parseSpecialTokens: false).Count + 4;

    private ISessionGrain NewSession() => cluster.Grains.GetGrain<ISessionGrain>($"acme/sess_{Interlocked.Increment(ref _sessions)}");
}
