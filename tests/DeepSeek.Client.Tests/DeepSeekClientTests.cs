using System.Net;
using System.Text.RegularExpressions;
using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Knowledge;
using DeepSeek.Grains.Tenants;

namespace DeepSeek.Client.Tests;

/// <summary>A client host in the test process against a silo in another process, over the Orleans gateway.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class DeepSeekClientTests(PlatformFixture platform)
{
    private const int Timeout = 120_000;
    private static readonly ChatOptions Short = new() { MaxTokens = 8, Seed = 7 };

    [Fact(Timeout = Timeout)]
    public async Task ChatIsAnsweredByTheModelWithUsageAndACompletionId()
    {
        var result = await platform.Client.ChatAsync("Tell me something about the sea.", Short with { ModelOnly = true });

        Assert.Matches(CompletionId(), result.CompletionId);
        Assert.Equal(PlatformFixture.Model, result.Model);
        Assert.Equal(CompletionRoute.ModelRoute, result.Route.Route);
        Assert.NotNull(result.Route.Worker);
        Assert.Contains(result.FinishReason, new[] { "stop", "length" });
        Assert.True(result.Usage.PromptTokens > 0);
        Assert.True(result.Usage.CompletionTokens is > 0 and <= 8);
        Assert.Equal(result.Usage.PromptTokens + result.Usage.CompletionTokens, result.Usage.TotalTokens);

        var feedback = await platform.Client.RateAsync(result.CompletionId, 0);
        Assert.Equal(result.CompletionId, feedback.CompletionId);
        Assert.False(feedback.Promoted);
    }

    [Fact(Timeout = Timeout)]
    public async Task StreamedChatCarriesTheRouteFirstAndTheUsageLast()
    {
        var chunks = new List<ChatChunk>();
        await foreach (var chunk in platform.Client.StreamChatAsync([new ChatTurn("system", "Be brief."), new ChatTurn("user", "Count to three.")], Short))
            chunks.Add(chunk);

        Assert.NotEmpty(chunks);
        Assert.Equal(CompletionRoute.ModelRoute, chunks[0].Route?.Route);
        Assert.Single(chunks.Select(c => c.CompletionId).Distinct());
        Assert.All(chunks[..^1], c => Assert.Null(c.FinishReason));
        Assert.NotNull(chunks[^1].FinishReason);
        Assert.True(chunks[^1].Usage is { PromptTokens: > 0, CompletionTokens: > 0 });
    }

    [Fact(Timeout = Timeout)]
    public async Task CancellingAStreamEndsItAndTheNextChatIsServed()
    {
        using var cancel = new CancellationTokenSource();
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var chunk in platform.Client.StreamChatAsync("Write a long story.", new ChatOptions { MaxTokens = 500, ModelOnly = true }, cancel.Token))
            {
                Assert.Null(chunk.FinishReason);
                if (++received == 1) await cancel.CancelAsync();
            }
        });

        Assert.InRange(received, 1, 50); // chunks already on their way may still arrive; the other 450 tokens do not
        var next = await platform.Client.ChatAsync("Hello?", Short with { ModelOnly = true });
        Assert.NotEmpty(next.FinishReason);
    }

    [Fact(Timeout = Timeout)]
    public async Task AKnownAnswerAnswersAParaphrasedQuestion()
    {
        // A tenant of its own: knowledge is per tenant, and other tests must not see this entry.
        var client = platform.Clients.ForTenant("kb_tenant");
        var entry = await client.Knowledge.AddAsync("What is the capital of France?", "Paris.", contextFree: true);

        var result = await client.ChatAsync("Which city is France's capital?", Short);

        Assert.Equal(CompletionRoute.Knowledge, result.Route.Route);
        Assert.Equal(entry.Id, result.Route.KnowledgeEntryId);
        Assert.True(result.Route.Similarity >= 0.85);
        Assert.Equal("Paris.", result.Text);
        Assert.Equal(entry, await client.Knowledge.GetAsync(entry.Id));
        Assert.Contains(entry, await client.Knowledge.ListAsync());

        // The same question from another tenant goes to the model.
        var other = await platform.Client.ChatAsync("Which city is France's capital?", Short);
        Assert.Equal(CompletionRoute.ModelRoute, other.Route.Route);

        Assert.True(await client.Knowledge.DeleteAsync(entry.Id));
        Assert.Null(await client.Knowledge.GetAsync(entry.Id));
    }

    [Fact(Timeout = Timeout)]
    public async Task ImportReportsInvalidEntriesByTheirPosition()
    {
        var client = platform.Clients.ForTenant("import_tenant");
        var result = await client.Knowledge.ImportAsync(
        [
            new KnowledgeEntryInput { Question = "How do I reset my password?", Answer = "Use the reset link." },
            new KnowledgeEntryInput { Question = " ", Answer = "No question." },
            new KnowledgeEntryInput { Question = "How much does shipping cost?", Answer = "Five euros." },
        ]);

        Assert.Equal(2, result.Added);
        Assert.Equal(2, Assert.Single(result.Errors).Line);
        Assert.Equal(2, await client.Knowledge.CountAsync());
    }

    [Fact(Timeout = Timeout)]
    public async Task ACreatedKeyOpensTheHttpApiUntilItIsRevoked()
    {
        var issued = await platform.Client.Keys.CreateAsync(KeyRoles.User, "reporting job");

        Assert.StartsWith($"sk-ds-{PlatformFixture.Tenant}-", issued.Key);
        Assert.Contains(await platform.Client.Keys.ListAsync(), k => k.Id == issued.Info.Id && k.RevokedAt is null);
        using var http = platform.Silo.CreateHttpClient(issued.Key);
        using (var models = await http.GetAsync("/v1/models")) Assert.Equal(HttpStatusCode.OK, models.StatusCode);

        Assert.True(await platform.Client.Keys.RevokeAsync(issued.Info.Id));
        using (var models = await http.GetAsync("/v1/models")) Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);
        Assert.False(await platform.Client.Keys.RevokeAsync("key_0000000000000000"));
    }

    [Fact(Timeout = Timeout)]
    public async Task ModelsListTheServedModelAndResolveDefault()
    {
        var models = await platform.Client.Models.ListAsync();

        Assert.Contains(models, m => m.Id == PlatformFixture.Model && m.Parameters > 0);
        Assert.Equal(PlatformFixture.Model, (await platform.Client.Models.GetAsync("default"))?.Id);
        Assert.Null(await platform.Client.Models.GetAsync("no-such-model"));
    }

    [Fact(Timeout = Timeout)]
    public async Task AnUnknownModelIsAPlatformNotFound()
    {
        var error = await Assert.ThrowsAsync<DeepSeek.Grains.PlatformException>(
            () => platform.Client.ChatAsync("Hello?", Short with { Model = "no-such-model" }));

        Assert.Equal(404, error.Status);
        Assert.Equal("model_not_found", error.Code);
    }

    [Fact(Timeout = Timeout)]
    public async Task ASessionKeepsTheConversation()
    {
        var session = await platform.Client.Sessions.CreateAsync();
        Assert.StartsWith("sess_", session.Id);

        await platform.Client.ChatAsync("My name is Ada.", Short with { SessionId = session.Id, ModelOnly = true });
        await platform.Client.ChatAsync("What is my name?", Short with { SessionId = session.Id, ModelOnly = true });

        var history = await platform.Client.Sessions.GetAsync(session.Id);
        Assert.NotNull(history);
        Assert.Equal(session.Id, history.Id);
        Assert.Equal(["user", "assistant", "user", "assistant"], history.Turns.Select(t => t.Role));
        Assert.Equal("My name is Ada.", history.Turns[0].Content);
        Assert.True(await platform.Client.Sessions.DeleteAsync(session.Id));
        Assert.Null(await platform.Client.Sessions.GetAsync(session.Id));
    }

    [Fact(Timeout = Timeout)]
    public async Task EmbeddingsAreUnitVectorsInInputOrder()
    {
        var result = await platform.Client.EmbedAsync(["The cat sleeps.", "A cat is sleeping.", "Stock prices fell."]);

        Assert.Equal(3, result.Vectors.Count);
        Assert.All(result.Vectors, v => Assert.Equal(384, v.Length));
        Assert.All(result.Vectors, v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 3));
        Assert.True(Dot(result.Vectors[0], result.Vectors[1]) > Dot(result.Vectors[0], result.Vectors[2]));
    }

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    [GeneratedRegex("^chatcmpl-[0-9a-f]{24}$")]
    private static partial Regex CompletionId();
}
