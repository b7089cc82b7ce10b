using System.Net;

namespace DeepSeek.Platform.Tests;

/// <summary>A failing model over HTTP: the breaker opens, known answers keep flowing, and the model comes back once fixed.</summary>
[Collection(OutageCollection.Name)]
public sealed class CircuitBreakerTests(OutageFixture platform)
{
    private const string Known = "What is the refund policy?";
    private const string KnownAnswer = "Refunds within 30 days, no questions asked.";

    [Fact(Timeout = 120_000)]
    public async Task AFailingModelIsCutOffWhileKnownAnswersFlowAndAnswersAgainOnceRepaired()
    {
        var tenant = await platform.CreateTenantAsync("outage");
        var added = await platform.Api.PostAsync($"/v1/knowledge?model={OutageFixture.FlakyModel}", tenant.AdminKey,
            new { question = Known, answer = KnownAnswer });
        Assert.Equal(HttpStatusCode.Created, added.Status);

        // Each failure is a 503 of its own until the threshold opens the breaker.
        for (var i = 0; i < OutageFixture.BreakerFailureThreshold; i++)
        {
            var failed = await platform.Api.ChatAsync(tenant.UserKey, $"Unknown question {i}?", OutageFixture.FlakyModel);
            ApiAssert.Error(failed, HttpStatusCode.ServiceUnavailable);
        }
        var open = await platform.Api.ChatAsync(tenant.UserKey, "Unknown question while open?", OutageFixture.FlakyModel);
        var openStreamed = await platform.Api.PostAsync("/v1/chat/completions", tenant.UserKey, new
        {
            model = OutageFixture.FlakyModel,
            messages = new[] { new { role = "user", content = "Unknown streamed question?" } },
            stream = true,
        });
        var known = await platform.Api.ChatAsync(tenant.UserKey, "What's the refund policy?", OutageFixture.FlakyModel);
        var otherModel = await platform.Api.ChatAsync(tenant.UserKey, "Does the other model still work?");

        var error = ApiAssert.Error(open, HttpStatusCode.ServiceUnavailable, code: "model_unavailable");
        Assert.Contains("known answers are still served", error.GetProperty("message").GetString());
        var retryAfter = int.Parse(open.Header("Retry-After")!);
        Assert.InRange(retryAfter, 1, (int)OutageFixture.BreakerOpenDuration.TotalSeconds);
        ApiAssert.Error(openStreamed, HttpStatusCode.ServiceUnavailable, code: "model_unavailable");
        Assert.Equal(KnownAnswer, ApiAssert.Content(ApiAssert.Completion(known, "knowledge")));
        ApiAssert.Completion(otherModel, "model");

        platform.RepairWeights();
        await Task.Delay(TimeSpan.FromSeconds(retryAfter) + TimeSpan.FromMilliseconds(500));
        var recovered = await platform.Api.ChatAsync(tenant.UserKey, "Unknown question after the repair?", OutageFixture.FlakyModel);
        var next = await platform.Api.ChatAsync(tenant.UserKey, "And the one after that?", OutageFixture.FlakyModel);

        Assert.False(string.IsNullOrEmpty(ApiAssert.Completion(recovered, "model").GetProperty("deepseek").GetProperty("worker").GetString()));
        ApiAssert.Completion(next, "model");
    }
}
