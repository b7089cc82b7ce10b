using System.Net;
using System.Text;
using System.Text.Json;

namespace DeepSeek.Platform.Tests;

/// <summary>Known answers over HTTP: managing them, and which questions they answer instead of the model.</summary>
[Collection(PlatformCollection.Name)]
public sealed class KnowledgeApiTests(PlatformFixture platform)
{
    private const int Timeout = 90_000;
    private const string Capital = "What is the capital of France?";
    private const string Paris = "Paris is the capital of France.";

    [Fact(Timeout = Timeout)]
    public async Task AKnownQuestionIsAnsweredWordForWordFromTheKnowledgeBase()
    {
        var tenant = await platform.CreateTenantAsync("exact");
        var entry = await AddAsync(tenant, Capital, Paris);

        var response = await platform.Api.ChatAsync(tenant.UserKey, "  what is the capital of FRANCE ");

        var body = ApiAssert.Completion(response, "knowledge");
        Assert.Equal(Paris, ApiAssert.Content(body));
        var route = body.GetProperty("deepseek");
        Assert.Equal(entry.GetProperty("id").GetString(), route.GetProperty("knowledge_entry_id").GetString());
        Assert.Equal(1.0, route.GetProperty("similarity").GetDouble(), 3);
        Assert.Equal(JsonValueKind.Null, route.GetProperty("worker").ValueKind);
        Assert.Equal("stop", body.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact(Timeout = Timeout)]
    public async Task AParaphraseOfAKnownQuestionIsAnsweredFromTheKnowledgeBaseWithItsSimilarity()
    {
        var tenant = await platform.CreateTenantAsync("paraphrase");
        await AddAsync(tenant, Capital, Paris);

        var response = await platform.Api.ChatAsync(tenant.UserKey, "Which city is France's capital?");

        var body = ApiAssert.Completion(response, "knowledge");
        Assert.Equal(Paris, ApiAssert.Content(body));
        Assert.InRange(body.GetProperty("deepseek").GetProperty("similarity").GetDouble(), 0.85, 0.999);
    }

    [Fact(Timeout = Timeout)]
    public async Task ALooselyRelatedQuestionStaysOnTheModelRouteBelowTheThreshold()
    {
        var tenant = await platform.CreateTenantAsync("loose");
        await AddAsync(tenant, Capital, Paris);

        var response = await platform.Api.ChatAsync(tenant.UserKey, "What is the population of France?");

        var body = ApiAssert.Completion(response, "model");
        var route = body.GetProperty("deepseek");
        Assert.InRange(route.GetProperty("similarity").GetDouble(), 0.3, 0.85);
        Assert.False(string.IsNullOrEmpty(route.GetProperty("worker").GetString()));
        Assert.Equal(JsonValueKind.Null, route.GetProperty("knowledge_entry_id").ValueKind);
    }

    [Fact(Timeout = Timeout)]
    public async Task InAConversationOnlyContextFreeEntriesAnswer()
    {
        var tenant = await platform.CreateTenantAsync("multiturn");
        await AddAsync(tenant, "How do I reset my password?", "Use the 'Forgot password' link.");
        await AddAsync(tenant, "What are your opening hours?", "9 to 5, Monday to Friday.", contextFree: true);
        object[] Conversation(string question) =>
        [
            new { role = "user", content = "Hi, I need some help." },
            new { role = "assistant", content = "Sure, what can I do for you?" },
            new { role = "user", content = question },
        ];

        var standalone = await platform.Api.ChatAsync(tenant.UserKey, "How do I reset my password?");
        var inContext = await platform.Api.ChatAsync(tenant.UserKey, Conversation("How do I reset my password?"));
        var contextFree = await platform.Api.ChatAsync(tenant.UserKey, Conversation("What are your opening hours?"));

        ApiAssert.Completion(standalone, "knowledge");
        ApiAssert.Completion(inContext, "model");
        Assert.Equal("9 to 5, Monday to Friday.", ApiAssert.Content(ApiAssert.Completion(contextFree, "knowledge")));
    }

    [Fact(Timeout = Timeout)]
    public async Task ASystemPromptAloneDoesNotMakeAConversation()
    {
        var tenant = await platform.CreateTenantAsync("system");
        await AddAsync(tenant, Capital, Paris);

        var response = await platform.Api.ChatAsync(tenant.UserKey,
            [new { role = "system", content = "You are terse." }, new { role = "user", content = Capital }]);

        Assert.Equal(Paris, ApiAssert.Content(ApiAssert.Completion(response, "knowledge")));
    }

    [Fact(Timeout = Timeout)]
    public async Task AJsonlImportAddsTheGoodLinesAndReportsEachBadLineByNumber()
    {
        var tenant = await platform.CreateTenantAsync("import");
        var jsonl = string.Join("\n",
            """{"question":"How much does shipping cost?","answer":"Shipping is free."}""",
            """{"question":"broken json",""",
            "",
            """{"question":"Where is my answer?"}""",
            """{"question":"How do I cancel my subscription?","answer":"Under Settings, Billing.","context_free":true}""",
            """[1,2]""");

        var response = await platform.Api.SendAsync(HttpMethod.Post, "/v1/knowledge/import", tenant.AdminKey,
            new StringContent(jsonl, Encoding.UTF8, "application/x-ndjson"));

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal(2, response.Json.GetProperty("added").GetInt32());
        Assert.Equal(3, response.Json.GetProperty("rejected").GetInt32());
        var errors = response.Json.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([2, 4, 6], errors.Select(e => e.GetProperty("line").GetInt32()));
        Assert.Contains("answer", errors[1].GetProperty("message").GetString());
        var listed = await platform.Api.GetAsync("/v1/knowledge", tenant.UserKey);
        Assert.Equal(2, listed.Json.GetProperty("total").GetInt32());
        Assert.Equal("Shipping is free.", ApiAssert.Content(ApiAssert.Completion(
            await platform.Api.ChatAsync(tenant.UserKey, "What is the price of shipping?"), "knowledge")));
    }

    [Fact(Timeout = Timeout)]
    public async Task EntriesCanBeListedReadAndDeletedAndADeletedEntryNoLongerAnswers()
    {
        var tenant = await platform.CreateTenantAsync("crud");
        var entry = await AddAsync(tenant, Capital, Paris, contextFree: true);
        var id = entry.GetProperty("id").GetString();

        var listed = await platform.Api.GetAsync("/v1/knowledge?limit=10", tenant.UserKey);
        var read = await platform.Api.GetAsync($"/v1/knowledge/{id}", tenant.UserKey);
        var deleted = await platform.Api.DeleteAsync($"/v1/knowledge/{id}", tenant.AdminKey);

        Assert.Equal(id, Assert.Single(listed.Json.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(Capital, read.Json.GetProperty("question").GetString());
        Assert.Equal(Paris, read.Json.GetProperty("answer").GetString());
        Assert.True(read.Json.GetProperty("context_free").GetBoolean());
        Assert.Equal("curated", read.Json.GetProperty("source").GetString());
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        ApiAssert.Error(await platform.Api.GetAsync($"/v1/knowledge/{id}", tenant.UserKey), HttpStatusCode.NotFound);
        ApiAssert.Error(await platform.Api.DeleteAsync($"/v1/knowledge/{id}", tenant.AdminKey), HttpStatusCode.NotFound);
        Assert.Equal(0, (await platform.Api.GetAsync("/v1/knowledge", tenant.UserKey)).Json.GetProperty("total").GetInt32());
        ApiAssert.Completion(await platform.Api.ChatAsync(tenant.UserKey, Capital), "model");
    }

    [Fact(Timeout = Timeout)]
    public async Task ChangingKnowledgeNeedsAnAdminKey()
    {
        var tenant = await platform.CreateTenantAsync("kwrite");

        var response = await platform.Api.PostAsync("/v1/knowledge", tenant.UserKey, new { question = Capital, answer = Paris });

        ApiAssert.Error(response, HttpStatusCode.Forbidden);
    }

    [Fact(Timeout = Timeout)]
    public async Task AnotherTenantCannotSeeUseOrDeleteATenantsKnowledge()
    {
        var a = await platform.CreateTenantAsync("knowa");
        var b = await platform.CreateTenantAsync("knowb");
        var id = (await AddAsync(a, Capital, Paris)).GetProperty("id").GetString();

        ApiAssert.Error(await platform.Api.GetAsync($"/v1/knowledge/{id}", b.UserKey), HttpStatusCode.NotFound);
        ApiAssert.Error(await platform.Api.DeleteAsync($"/v1/knowledge/{id}", b.AdminKey), HttpStatusCode.NotFound);
        ApiAssert.Error(await platform.Api.GetAsync($"/v1/knowledge?tenant={a.Id}", b.AdminKey), HttpStatusCode.Forbidden);
        Assert.Equal(0, (await platform.Api.GetAsync("/v1/knowledge", b.UserKey)).Json.GetProperty("total").GetInt32());
        ApiAssert.Completion(await platform.Api.ChatAsync(b.UserKey, Capital), "model");
        // A's entry is still there.
        Assert.Equal(HttpStatusCode.OK, (await platform.Api.GetAsync($"/v1/knowledge/{id}", a.UserKey)).Status);
    }

    private async Task<JsonElement> AddAsync(TestTenant tenant, string question, string answer, bool contextFree = false)
    {
        var response = await platform.Api.PostAsync("/v1/knowledge", tenant.AdminKey, new { question, answer, context_free = contextFree });
        Assert.True(response.Status == HttpStatusCode.Created, response.ToString());
        return response.Json;
    }
}
