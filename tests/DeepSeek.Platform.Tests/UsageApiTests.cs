using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace DeepSeek.Platform.Tests;

/// <summary><c>GET /v1/usage</c>: the usage read model projected from completion events, per tenant.</summary>
[Collection(PlatformCollection.Name)]
public sealed class UsageApiTests(PlatformFixture platform)
{
    private const int Timeout = 120_000;

    [Fact(Timeout = Timeout)]
    public async Task UsageCountsEveryCompletionByRouteWithTheTokensTheResponsesReported()
    {
        var tenant = await platform.CreateTenantAsync("usage");
        const string known = "What does the usage endpoint report?";
        var added = await platform.Api.PostAsync("/v1/knowledge", tenant.AdminKey, new { question = known, answer = "Requests and tokens per day." });
        Assert.True(added.Status == HttpStatusCode.Created, added.ToString());

        var expected = new Dictionary<string, (long Requests, long Prompt, long Completion)>();
        void Count(JsonElement completion)
        {
            var route = completion.GetProperty("deepseek").GetProperty("route").GetString()!;
            var usage = completion.GetProperty("usage");
            var (r, p, c) = expected.GetValueOrDefault(route);
            expected[route] = (r + 1, p + usage.GetProperty("prompt_tokens").GetInt64(), c + usage.GetProperty("completion_tokens").GetInt64());
        }
        for (var i = 0; i < 3; i++) Count(ApiAssert.Completion(await platform.Api.ChatAsync(tenant.UserKey, known), "knowledge"));
        for (var i = 0; i < 2; i++)
            Count(ApiAssert.Completion(await platform.Api.ChatAsync(tenant.UserKey, $"Tell me something new, number {i}.", maxTokens: 4), "model"));

        var usage = await WaitForRequestsAsync(tenant.UserKey, 5);

        var rows = usage.GetProperty("data").EnumerateArray().ToList();
        Assert.All(rows, r => Assert.Equal(tenant.Id, r.GetProperty("tenant").GetString()));
        Assert.All(rows, r => Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd"), r.GetProperty("date").GetString()));
        foreach (var (route, (requests, prompt, completion)) in expected)
        {
            var row = Assert.Single(rows, r => r.GetProperty("route").GetString() == route);
            Assert.Equal(SiloFixture.Model, row.GetProperty("model").GetString());
            Assert.Equal(requests, row.GetProperty("requests").GetInt64());
            Assert.Equal(prompt, row.GetProperty("prompt_tokens").GetInt64());
            Assert.Equal(completion, row.GetProperty("completion_tokens").GetInt64());
            Assert.Equal(prompt + completion, row.GetProperty("total_tokens").GetInt64());
        }
        Assert.Equal(expected.Count, rows.Count);
    }

    [Fact(Timeout = Timeout)]
    public async Task StreamedCompletionsAreCountedToo()
    {
        var tenant = await platform.CreateTenantAsync("usagestream");
        var response = await platform.Api.PostAsync("/v1/chat/completions", tenant.UserKey, new
        {
            model = SiloFixture.Model,
            messages = new[] { new { role = "user", content = "Stream me a few tokens." } },
            max_tokens = 3,
            stream = true,
        });
        Assert.Equal(HttpStatusCode.OK, response.Status);

        var usage = await WaitForRequestsAsync(tenant.UserKey, 1);

        var row = Assert.Single(usage.GetProperty("data").EnumerateArray());
        Assert.Equal("model", row.GetProperty("route").GetString());
        Assert.InRange(row.GetProperty("completion_tokens").GetInt64(), 1, 3);
    }

    [Fact(Timeout = Timeout)]
    public async Task ATenantSeesOnlyItsOwnUsageAndAPlatformAdminSeesEveryTenants()
    {
        var first = await platform.CreateTenantAsync("usagea");
        var second = await platform.CreateTenantAsync("usageb");
        await platform.Api.ChatAsync(first.UserKey, "Count this for the first tenant.", maxTokens: 2);
        await platform.Api.ChatAsync(second.UserKey, "Count this for the second tenant.", maxTokens: 2);
        await WaitForRequestsAsync(first.UserKey, 1);
        await WaitForRequestsAsync(second.UserKey, 1);

        var own = await platform.Api.GetAsync("/v1/usage", first.AdminKey);
        var other = await platform.Api.GetAsync($"/v1/usage?tenant={second.Id}", first.AdminKey);
        var all = await platform.Api.GetAsync("/v1/usage", platform.AdminKey);
        var one = await platform.Api.GetAsync($"/v1/usage?tenant={second.Id}", platform.AdminKey);

        Assert.All(own.Json.GetProperty("data").EnumerateArray(), r => Assert.Equal(first.Id, r.GetProperty("tenant").GetString()));
        ApiAssert.Error(other, HttpStatusCode.Forbidden);
        var tenants = all.Json.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("tenant").GetString()).ToHashSet();
        Assert.Contains(first.Id, tenants);
        Assert.Contains(second.Id, tenants);
        Assert.All(one.Json.GetProperty("data").EnumerateArray(), r => Assert.Equal(second.Id, r.GetProperty("tenant").GetString()));
        Assert.Equal(1, one.Json.GetProperty("totals").GetProperty("requests").GetInt64());
    }

    [Theory(Timeout = Timeout)]
    [InlineData("?from=2026-13-01", "from")]
    [InlineData("?to=yesterday", "to")]
    [InlineData("?from=2026-02-01&to=2026-01-01", "from")]
    [InlineData("?from=2020-01-01&to=2026-01-01", "from")]
    public async Task BadDatesAreRefusedWith400(string query, string param)
    {
        var tenant = await platform.CreateTenantAsync("usagebad");

        var response = await platform.Api.GetAsync("/v1/usage" + query, tenant.UserKey);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, param);
    }

    [Fact(Timeout = Timeout)]
    public async Task UsageNeedsAKey()
    {
        ApiAssert.Error(await platform.Api.GetAsync("/v1/usage", null), HttpStatusCode.Unauthorized);
    }

    [Fact(Timeout = Timeout)]
    public async Task AnEarlierRangeHasNoUsage()
    {
        var tenant = await platform.CreateTenantAsync("usagepast");
        await platform.Api.ChatAsync(tenant.UserKey, "Only today counts.", maxTokens: 2);
        await WaitForRequestsAsync(tenant.UserKey, 1);

        var past = await platform.Api.GetAsync("/v1/usage?from=2025-01-01&to=2025-01-31", tenant.UserKey);

        Assert.Equal(HttpStatusCode.OK, past.Status);
        Assert.Empty(past.Json.GetProperty("data").EnumerateArray());
        Assert.Equal(0, past.Json.GetProperty("totals").GetProperty("requests").GetInt64());
    }

    /// <summary>Polls the caller's usage until it counts <paramref name="requests"/> (events arrive asynchronously), then checks it stays there.</summary>
    private async Task<JsonElement> WaitForRequestsAsync(string key, long requests)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var usage = await platform.Api.GetAsync("/v1/usage", key);
            Assert.True(usage.Status == HttpStatusCode.OK, usage.ToString());
            var counted = usage.Json.GetProperty("totals").GetProperty("requests").GetInt64();
            Assert.True(counted <= requests, $"usage counts {counted} requests, more than the {requests} made: {usage}");
            if (counted == requests)
            {
                // Nothing more arrives later (no double counting).
                await Task.Delay(600);
                var settled = await platform.Api.GetAsync("/v1/usage", key);
                Assert.Equal(requests, settled.Json.GetProperty("totals").GetProperty("requests").GetInt64());
                return settled.Json;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"usage still counts {counted} of {requests} requests: {usage}");
            await Task.Delay(100);
        }
    }
}
