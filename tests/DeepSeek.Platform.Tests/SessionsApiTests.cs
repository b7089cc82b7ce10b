using System.Net;
using System.Text;

namespace DeepSeek.Platform.Tests;

/// <summary>Sessions over HTTP: conversations the platform remembers, within a token budget, per tenant.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SessionsApiTests(PlatformFixture platform)
{
    private const int Timeout = 90_000;

    [Fact(Timeout = Timeout)]
    public async Task TheSessionHeaderContinuesAConversation()
    {
        var tenant = await platform.CreateTenantAsync("session");
        var session = new Dictionary<string, string> { ["x-session-id"] = "chat-continues-1" };

        var first = await platform.Api.ChatAsync(tenant.UserKey, "My name is Ada.", headers: session);
        var second = await platform.Api.ChatAsync(tenant.UserKey, "What is my name?", headers: session);
        var history = await platform.Api.GetAsync("/v1/sessions/chat-continues-1", tenant.UserKey);

        var firstBody = ApiAssert.Completion(first, "model");
        var secondBody = ApiAssert.Completion(second, "model");
        Assert.Equal("chat-continues-1", second.Header("x-session-id"));
        // The second prompt carries the first exchange.
        Assert.True(secondBody.GetProperty("usage").GetProperty("prompt_tokens").GetInt32()
                    > firstBody.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() + "My name is Ada.".Length);
        Assert.Equal(HttpStatusCode.OK, history.Status);
        var messages = history.Json.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "user", "assistant"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("My name is Ada.", messages[0].GetProperty("content").GetString());
        Assert.Equal(ApiAssert.Content(firstBody), messages[1].GetProperty("content").GetString());
        Assert.Equal("What is my name?", messages[2].GetProperty("content").GetString());
        Assert.Equal(ApiAssert.Content(secondBody), messages[3].GetProperty("content").GetString());
        Assert.Equal(0, history.Json.GetProperty("trimmed_turns").GetInt32());
    }

    [Fact(Timeout = Timeout)]
    public async Task HistoryBeyondTheTokenBudgetIsTrimmedFromTheOldestTurn()
    {
        var tenant = await platform.CreateTenantAsync("trim");
        var session = new Dictionary<string, string> { ["x-session-id"] = "chat-trimmed-1" };
        string[] questions = [.. Enumerable.Range(1, 4).Select(i => $"Question number {i}: please remember this fairly long sentence.")];

        foreach (var question in questions)
            ApiAssert.Completion(await platform.Api.ChatAsync(tenant.UserKey, question, headers: session), "model");
        var history = await platform.Api.GetAsync("/v1/sessions/chat-trimmed-1", tenant.UserKey);

        var messages = history.Json.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()!).ToList();
        Assert.True(history.Json.GetProperty("trimmed_turns").GetInt32() > 0, history.ToString());
        Assert.DoesNotContain(questions[0], messages);
        Assert.Contains(questions[^1], messages);
        // The tiny model counts one token per UTF-8 byte; each turn costs four more.
        Assert.InRange(messages.Sum(m => Encoding.UTF8.GetByteCount(m) + 4), 1, PlatformFixture.HistoryTokenBudget);
    }

    [Fact(Timeout = Timeout)]
    public async Task ASessionCanBeCreatedReadAndDeleted()
    {
        var tenant = await platform.CreateTenantAsync("sessioncrud");

        var created = await platform.Api.PostAsync("/v1/sessions", tenant.UserKey, new { });
        var id = created.Json.GetProperty("id").GetString();
        var read = await platform.Api.GetAsync($"/v1/sessions/{id}", tenant.UserKey);
        var deleted = await platform.Api.DeleteAsync($"/v1/sessions/{id}", tenant.UserKey);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(0, read.Json.GetProperty("messages").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        ApiAssert.Error(await platform.Api.GetAsync($"/v1/sessions/{id}", tenant.UserKey), HttpStatusCode.NotFound, code: "session_not_found");
    }

    [Fact(Timeout = Timeout)]
    public async Task AnotherTenantCannotReadContinueOrDeleteATenantsSession()
    {
        var a = await platform.CreateTenantAsync("sessa");
        var b = await platform.CreateTenantAsync("sessb");
        var session = new Dictionary<string, string> { ["x-session-id"] = "shared-name" };
        ApiAssert.Completion(await platform.Api.ChatAsync(a.UserKey, "A secret of tenant A.", headers: session), "model");

        ApiAssert.Error(await platform.Api.GetAsync("/v1/sessions/shared-name", b.UserKey), HttpStatusCode.NotFound);
        ApiAssert.Error(await platform.Api.DeleteAsync("/v1/sessions/shared-name", b.UserKey), HttpStatusCode.NotFound);
        // The same session id under B is B's own, empty conversation.
        ApiAssert.Completion(await platform.Api.ChatAsync(b.UserKey, "Hello from B.", headers: session), "model");
        var bHistory = await platform.Api.GetAsync("/v1/sessions/shared-name", b.UserKey);
        Assert.DoesNotContain("A secret of tenant A.", bHistory.Body);
        var aHistory = await platform.Api.GetAsync("/v1/sessions/shared-name", a.UserKey);
        Assert.Equal(2, aHistory.Json.GetProperty("messages").GetArrayLength());
    }
}
