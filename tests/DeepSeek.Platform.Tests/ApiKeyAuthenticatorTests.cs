using System.Net;
using System.Security.Cryptography;

namespace DeepSeek.Platform.Tests;

/// <summary>API keys over HTTP: who gets in, who is turned away, and who must wait.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ApiKeyAuthenticatorTests(PlatformFixture platform)
{
    private const int Timeout = 90_000;

    [Theory(Timeout = Timeout)]
    [InlineData("GET", "/v1/models")]
    [InlineData("GET", "/v1/knowledge")]
    [InlineData("GET", "/v1/sessions/sess_1")]
    [InlineData("POST", "/v1/chat/completions")]
    [InlineData("POST", "/v1/embeddings")]
    [InlineData("POST", "/v1/feedback")]
    [InlineData("GET", "/v1/admin/tenants")]
    public async Task ARequestWithoutAKeyIsRefusedWith401(string method, string path)
    {
        var body = path switch
        {
            "/v1/chat/completions" => """{"model":"deepseek-tiny","messages":[{"role":"user","content":"hi"}]}""",
            "/v1/embeddings" => """{"model":"all-MiniLM-L6-v2","input":"hi"}""",
            "/v1/feedback" => """{"completion_id":"chatcmpl-1","rating":1}""",
            _ => null,
        };
        var content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await platform.Api.SendAsync(new HttpMethod(method), path, key: null, content);

        ApiAssert.Error(response, HttpStatusCode.Unauthorized, code: "invalid_api_key");
    }

    [Theory(Timeout = Timeout)]
    [InlineData("not-a-key")]
    [InlineData("sk-ds-admin-1234")]
    [InlineData("sk-proj-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("sk-ds-nosuchtenant-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task AGarbageKeyIsRefusedWith401(string key)
    {
        var response = await platform.Api.GetAsync("/v1/models", key);

        ApiAssert.Error(response, HttpStatusCode.Unauthorized, code: "invalid_api_key");
    }

    [Fact(Timeout = Timeout)]
    public async Task AKeyWithTheRightTenantButTheWrongSecretIsRefusedWith401()
    {
        var tenant = await platform.CreateTenantAsync("wrongsecret");
        var forged = $"sk-ds-{tenant.Id}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";

        var response = await platform.Api.GetAsync("/v1/models", forged);

        ApiAssert.Error(response, HttpStatusCode.Unauthorized);
    }

    [Fact(Timeout = Timeout)]
    public async Task ARevokedKeyIsRefusedWith401WhileTheTenantsOtherKeysKeepWorking()
    {
        var tenant = await platform.CreateTenantAsync("revoke");
        Assert.Equal(HttpStatusCode.OK, (await platform.Api.GetAsync("/v1/models", tenant.UserKey)).Status);
        var keys = await platform.Api.GetAsync($"/v1/admin/tenants/{tenant.Id}/keys", tenant.AdminKey);
        var userKeyId = keys.Json.GetProperty("data").EnumerateArray().Single(k => k.GetProperty("role").GetString() == "user").GetProperty("id").GetString();

        var revoked = await platform.Api.DeleteAsync($"/v1/admin/tenants/{tenant.Id}/keys/{userKeyId}", tenant.AdminKey);

        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        ApiAssert.Error(await platform.Api.GetAsync("/v1/models", tenant.UserKey), HttpStatusCode.Unauthorized);
        ApiAssert.Error(await platform.Api.ChatAsync(tenant.UserKey, "still there?"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await platform.Api.GetAsync("/v1/models", tenant.AdminKey)).Status);
    }

    [Fact(Timeout = Timeout)]
    public async Task ADisabledTenantsKeysAreRefusedWith401()
    {
        var tenant = await platform.CreateTenantAsync("disabled");

        var disabled = await platform.Api.DeleteAsync($"/v1/admin/tenants/{tenant.Id}", platform.AdminKey);

        Assert.Equal(HttpStatusCode.OK, disabled.Status);
        ApiAssert.Error(await platform.Api.GetAsync("/v1/models", tenant.UserKey), HttpStatusCode.Unauthorized);
        ApiAssert.Error(await platform.Api.GetAsync("/v1/models", tenant.AdminKey), HttpStatusCode.Unauthorized);
    }

    [Fact(Timeout = Timeout)]
    public async Task ATenantOverItsRequestsPerMinuteGets429WithRetryAfter()
    {
        var tenant = await platform.CreateTenantAsync("ratelimited", requestsPerMinute: 2);
        await platform.Api.PostAsync("/v1/knowledge", tenant.AdminKey, new { question = "Ping?", answer = "Pong." });

        var first = await platform.Api.ChatAsync(tenant.UserKey, "Ping?");
        var second = await platform.Api.ChatAsync(tenant.UserKey, "Ping?");
        var third = await platform.Api.ChatAsync(tenant.UserKey, "Ping?");

        ApiAssert.Completion(first, "knowledge");
        ApiAssert.Completion(second, "knowledge");
        ApiAssert.Error(third, HttpStatusCode.TooManyRequests, code: "rate_limit_exceeded");
        Assert.Equal("rate_limit_error", third.Json.GetProperty("error").GetProperty("type").GetString());
        // Two requests a minute refill one every 30 seconds.
        Assert.InRange(int.Parse(third.Header("Retry-After")!), 1, 30);
        // Reading does not count against the limit.
        Assert.Equal(HttpStatusCode.OK, (await platform.Api.GetAsync("/v1/models", tenant.UserKey)).Status);
    }
}
