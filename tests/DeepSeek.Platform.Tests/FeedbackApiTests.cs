using System.Net;

namespace DeepSeek.Platform.Tests;

/// <summary><c>POST /v1/feedback</c> over HTTP: a good model answer becomes a known answer, for its own tenant only.</summary>
[Collection(PlatformCollection.Name)]
public sealed class FeedbackApiTests(PlatformFixture platform)
{
    private const int Timeout = 90_000;

    [Fact(Timeout = Timeout)]
    public async Task APositiveRatingTurnsAModelAnswerIntoTheKnownAnswerToThatQuestion()
    {
        var tenant = await platform.CreateTenantAsync("promote");
        const string question = "Which grain keeps the tenant's rate limits?";
        var asked = ApiAssert.Completion(await platform.Api.ChatAsync(tenant.UserKey, question), "model");
        var completionId = asked.GetProperty("id").GetString();

        var rated = await platform.Api.PostAsync("/v1/feedback", tenant.UserKey, new { completion_id = completionId, rating = 1 });
        var again = await platform.Api.ChatAsync(tenant.UserKey, question);

        Assert.True(rated.Status == HttpStatusCode.OK, rated.ToString());
        Assert.True(rated.Json.GetProperty("promoted").GetBoolean(), rated.ToString());
        var answered = ApiAssert.Completion(again, "knowledge");
        Assert.Equal(ApiAssert.Content(asked), ApiAssert.Content(answered));
        Assert.Equal(rated.Json.GetProperty("knowledge_entry_id").GetString(),
            answered.GetProperty("deepseek").GetProperty("knowledge_entry_id").GetString());
        var entry = await platform.Api.GetAsync($"/v1/knowledge/{rated.Json.GetProperty("knowledge_entry_id").GetString()}", tenant.UserKey);
        Assert.Equal("learned", entry.Json.GetProperty("source").GetString());
    }

    [Fact(Timeout = Timeout)]
    public async Task RatingTheSameAnswerAgainDoesNotAddASecondEntry()
    {
        var tenant = await platform.CreateTenantAsync("twice");
        var completionId = ApiAssert.Completion(await platform.Api.ChatAsync(tenant.UserKey, "Is this answer any good?"), "model")
            .GetProperty("id").GetString();

        var first = await platform.Api.PostAsync("/v1/feedback", tenant.UserKey, new { completion_id = completionId, rating = 1 });
        var second = await platform.Api.PostAsync("/v1/feedback", tenant.UserKey, new { completion_id = completionId, rating = 1 });

        Assert.True(first.Json.GetProperty("promoted").GetBoolean(), first.ToString());
        Assert.False(second.Json.GetProperty("promoted").GetBoolean());
        Assert.Equal(first.Json.GetProperty("knowledge_entry_id").GetString(), second.Json.GetProperty("knowledge_entry_id").GetString());
        Assert.Equal(1, (await platform.Api.GetAsync("/v1/knowledge", tenant.UserKey)).Json.GetProperty("total").GetInt32());
    }

    [Theory(Timeout = Timeout)]
    [InlineData("""{"completion_id":"chatcmpl-x","rating":2}""", "rating")]
    [InlineData("""{"completion_id":"chatcmpl-x","rating":"good"}""", "rating")]
    [InlineData("""{"completion_id":"chatcmpl-x"}""", "rating")]
    [InlineData("""{"rating":1}""", "completion_id")]
    public async Task AnInvalidRatingIsRefusedWith400(string body, string param)
    {
        var tenant = await platform.CreateTenantAsync("badrating");

        var response = await platform.Api.PostRawAsync("/v1/feedback", tenant.UserKey, body);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, param);
    }

    [Fact(Timeout = Timeout)]
    public async Task RatingAnUnknownCompletionIsA404()
    {
        var tenant = await platform.CreateTenantAsync("unknownrating");

        var response = await platform.Api.PostAsync("/v1/feedback", tenant.UserKey, new { completion_id = "chatcmpl-000000000000000000000000", rating = 1 });

        ApiAssert.Error(response, HttpStatusCode.NotFound, code: "completion_not_found");
    }

    [Fact(Timeout = Timeout)]
    public async Task AnotherTenantCannotRateATenantsCompletion()
    {
        var a = await platform.CreateTenantAsync("ratea");
        var b = await platform.CreateTenantAsync("rateb");
        const string question = "What does tenant A want to know?";
        var completionId = ApiAssert.Completion(await platform.Api.ChatAsync(a.UserKey, question), "model").GetProperty("id").GetString();

        var response = await platform.Api.PostAsync("/v1/feedback", b.UserKey, new { completion_id = completionId, rating = 1 });

        ApiAssert.Error(response, HttpStatusCode.NotFound, code: "completion_not_found");
        ApiAssert.Completion(await platform.Api.ChatAsync(a.UserKey, question), "model");
        ApiAssert.Completion(await platform.Api.ChatAsync(b.UserKey, question), "model");
    }
}
