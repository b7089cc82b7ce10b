using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace DeepSeek.Cluster.Tests;

/// <summary>An HTTP response read whole: status, parsed JSON body (when it is JSON) and the raw text.</summary>
public sealed record Reply(HttpStatusCode Status, JsonElement Json, string Text, TimeSpan Took)
{
    public override string ToString() => $"{(int)Status} after {Took.TotalMilliseconds:0} ms: {Text}";
}

/// <summary>Plain HTTP calls to a silo's OpenAI-compatible API.</summary>
public sealed class PlatformHttp(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public Task<Reply> GetAsync(string path, string? key) => SendAsync(HttpMethod.Get, path, key, null);

    public Task<Reply> PostAsync(string path, string? key, object body, string? sessionId = null) =>
        SendAsync(HttpMethod.Post, path, key, JsonContent.Create(body), sessionId);

    public Task<Reply> ChatAsync(string key, string question, int maxTokens = 6, string? sessionId = null) =>
        PostAsync("/v1/chat/completions", key, new
        {
            model = ClusterFixture.Model,
            messages = new[] { new { role = "user", content = question } },
            max_tokens = maxTokens,
            seed = 3,
        }, sessionId);

    /// <summary>Starts a streamed completion and returns the open response (headers read, body still streaming).</summary>
    public async Task<HttpResponseMessage> StartStreamAsync(string key, string question, int maxTokens)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new
            {
                model = ClusterFixture.Model,
                messages = new[] { new { role = "user", content = question } },
                max_tokens = maxTokens,
                stream = true,
                // The byte tokenizer's special tokens (ids 256-263) banned: the random model cannot end early.
                logit_bias = Enumerable.Range(256, 8).ToDictionary(id => id.ToString(), _ => -100),
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? key, HttpContent? content, string? sessionId = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (sessionId is not null) request.Headers.Add("x-session-id", sessionId);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = default(JsonElement);
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json") == true && text.Length > 0)
            json = JsonDocument.Parse(text).RootElement.Clone();
        return new Reply(response.StatusCode, json, text, clock.Elapsed);
    }

    public void Dispose() => _http.Dispose();
}
