using System.Net;
using System.Text.Json;

namespace DeepSeek.Platform.Tests;

/// <summary>Assertions on what a client of the API sees.</summary>
public static class ApiAssert
{
    /// <summary>
    /// The response is an OpenAI-shaped error, <c>{"error":{"message","type","param","code"}}</c>, with
    /// the expected status, a readable message and no trace of the server's internals.
    /// </summary>
    public static JsonElement Error(ApiResponse response, HttpStatusCode status, string? param = null, string? code = null)
    {
        Assert.True(response.Status == status, $"expected {(int)status}, got {response}");
        Assert.Equal("application/json", response.ContentHeaders.ContentType?.MediaType);
        var root = response.Json;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        var error = Assert.Single(root.EnumerateObject(), p => p.Name == "error").Value;
        Assert.Equal(["code", "message", "param", "type"], error.EnumerateObject().Select(p => p.Name).Order());
        var message = error.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message), response.ToString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("type").GetString()), response.ToString());
        Assert.DoesNotContain("   at ", response.Body);
        Assert.DoesNotContain("Exception", response.Body);
        if (param is not null) Assert.Equal(param, error.GetProperty("param").GetString());
        if (code is not null) Assert.Equal(code, error.GetProperty("code").GetString());
        return error;
    }

    /// <summary>A successful chat completion; returns the body.</summary>
    public static JsonElement Completion(ApiResponse response, string route)
    {
        Assert.True(response.Status == HttpStatusCode.OK, $"expected 200, got {response}");
        Assert.Equal(route, response.Header("x-deepseek-route"));
        var body = response.Json;
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        Assert.Equal(route, body.GetProperty("deepseek").GetProperty("route").GetString());
        return body;
    }

    public static string Content(JsonElement completion) =>
        completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
}
