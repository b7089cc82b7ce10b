using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DeepSeek.Platform.Tests;

/// <summary>Plain HTTP calls to the platform with an API key, the way curl would make them.</summary>
public sealed class ApiClient(HttpClient http)
{
    public Task<ApiResponse> GetAsync(string path, string? key) => SendAsync(HttpMethod.Get, path, key);

    public Task<ApiResponse> DeleteAsync(string path, string? key) => SendAsync(HttpMethod.Delete, path, key);

    /// <summary>POSTs <paramref name="body"/> serialized as JSON.</summary>
    public Task<ApiResponse> PostAsync(string path, string? key, object body, IReadOnlyDictionary<string, string>? headers = null) =>
        PostRawAsync(path, key, JsonSerializer.Serialize(body), headers);

    /// <summary>POSTs <paramref name="body"/> exactly as given.</summary>
    public Task<ApiResponse> PostRawAsync(string path, string? key, string body, IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Post, path, key, new StringContent(body, Encoding.UTF8, "application/json"), headers);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? key, HttpContent? content = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, response.Headers, response.Content.Headers, body);
    }

    /// <summary>A chat completion with one user message (plus any extra request fields).</summary>
    public Task<ApiResponse> ChatAsync(string key, string question, string model = "deepseek-tiny",
        IReadOnlyDictionary<string, string>? headers = null, int maxTokens = 8) =>
        ChatAsync(key, [new { role = "user", content = question }], model, headers, maxTokens);

    /// <summary>A chat completion with the given messages.</summary>
    public Task<ApiResponse> ChatAsync(string key, object[] messages, string model = "deepseek-tiny",
        IReadOnlyDictionary<string, string>? headers = null, int maxTokens = 8) =>
        PostAsync("/v1/chat/completions", key, new { model, messages, max_tokens = maxTokens, seed = 7 }, headers);
}
