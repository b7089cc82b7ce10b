using System.Net;
using System.Text;

namespace DeepSeek.Platform.Tests;

/// <summary>How every JSON endpoint reads a body it cannot use, and what a client gets back for a URL that does not exist.</summary>
[Collection(PlatformCollection.Name)]
public sealed class JsonFieldsTests(PlatformFixture platform)
{
    private const int Timeout = 90_000;

    [Theory(Timeout = Timeout)]
    [InlineData("/v1/chat/completions", """{"model":"deepseek-tiny","messages":[{"role":"user","content":"TEXT"}]}""")]
    [InlineData("/v1/embeddings", """{"model":"all-MiniLM-L6-v2","input":"TEXT"}""")]
    [InlineData("/v1/knowledge", """{"question":"TEXT","answer":"An answer."}""")]
    [InlineData("/v1/feedback", """{"completion_id":"TEXT","rating":1}""")]
    public async Task TextThatIsNotUtf8IsRefusedWith400(string path, string template)
    {
        var tenant = await platform.CreateTenantAsync("utf8");
        var parts = template.Split("TEXT");
        byte[] invalid = [.. Encoding.UTF8.GetBytes(parts[0]), 0xFF, 0xFE, (byte)'x', .. Encoding.UTF8.GetBytes(parts[1])];

        var response = await platform.Api.SendAsync(HttpMethod.Post, path, tenant.AdminKey, new ByteArrayContent(invalid));

        ApiAssert.Error(response, HttpStatusCode.BadRequest, code: "invalid_json");
    }

    [Fact(Timeout = Timeout)]
    public async Task AFieldNameThatIsNotUtf8IsRefusedWith400()
    {
        var tenant = await platform.CreateTenantAsync("utf8name");
        byte[] invalid = [.. """{"model":"deepseek-tiny","messages":[{"role":"user","content":"Hi"}],"x"""u8, 0xC3, 0x28, .. "\":1}"u8];

        var response = await platform.Api.SendAsync(HttpMethod.Post, "/v1/chat/completions", tenant.AdminKey, new ByteArrayContent(invalid));

        ApiAssert.Error(response, HttpStatusCode.BadRequest, code: "invalid_json");
    }

    [Theory(Timeout = Timeout)]
    [InlineData("/v1/chat/completions", """{"model":"deepseek-tiny","messages":[{"role":"user","content":"\ud800 half a character"}]}""")]
    [InlineData("/v1/embeddings", """{"model":"all-MiniLM-L6-v2","input":["fine","\udc00"]}""")]
    [InlineData("/v1/knowledge", """{"question":"Why?","answer":"\ud83d"}""")]
    public async Task AnEscapedUnpairedSurrogateIsRefusedWith400(string path, string body)
    {
        var tenant = await platform.CreateTenantAsync("surrogate");

        var response = await platform.Api.PostRawAsync(path, tenant.AdminKey, body);

        ApiAssert.Error(response, HttpStatusCode.BadRequest, code: "invalid_json");
    }

    [Fact(Timeout = Timeout)]
    public async Task AnUnknownUrlIsA404InTheOpenAiErrorShape()
    {
        var tenant = await platform.CreateTenantAsync("nourl");

        var response = await platform.Api.GetAsync("/v1/completionz", tenant.UserKey);

        var error = ApiAssert.Error(response, HttpStatusCode.NotFound, code: "unknown_url");
        Assert.Contains("/v1/completionz", error.GetProperty("message").GetString());
    }

    [Fact(Timeout = Timeout)]
    public async Task TheWrongMethodIsA405InTheOpenAiErrorShapeThatNamesTheAllowedOne()
    {
        var tenant = await platform.CreateTenantAsync("nomethod");

        var response = await platform.Api.GetAsync("/v1/chat/completions", tenant.UserKey);

        ApiAssert.Error(response, HttpStatusCode.MethodNotAllowed, code: "method_not_allowed");
        Assert.Equal("POST", response.ContentHeaders.Allow.Single());
    }
}
