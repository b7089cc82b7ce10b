using System.Net;
using System.Text;
using System.Text.Json;

namespace DeepSeek.Platform.Tests;

/// <summary>A chat completion stream read the way OpenAI clients read it, checked chunk by chunk.</summary>
public sealed record ServerSentEvents(IReadOnlyList<JsonElement> Chunks, string Content, string? FinishReason, JsonElement? Usage)
{
    /// <summary>
    /// Parses an SSE body: every event is <c>data: {chunk}</c>, the last one is <c>data: [DONE]</c>, all
    /// chunks share one id, and only the usage chunk has no choices.
    /// </summary>
    public static ServerSentEvents Parse(ApiResponse response)
    {
        Assert.True(response.Status == HttpStatusCode.OK, $"expected 200, got {response}");
        Assert.Equal("text/event-stream", response.ContentHeaders.ContentType?.MediaType);
        var events = response.Body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("data: [DONE]", events[^1]);

        var chunks = new List<JsonElement>();
        var content = new StringBuilder();
        string? finishReason = null;
        JsonElement? usage = null;
        foreach (var item in events[..^1])
        {
            Assert.StartsWith("data: ", item);
            var chunk = JsonDocument.Parse(item["data: ".Length..]).RootElement;
            Assert.False(chunk.TryGetProperty("error", out _), $"the stream carried an error: {item}");
            Assert.Equal("chat.completion.chunk", chunk.GetProperty("object").GetString());
            Assert.Equal(chunks.Count == 0 ? chunk.GetProperty("id").GetString() : chunks[0].GetProperty("id").GetString(),
                chunk.GetProperty("id").GetString());
            chunks.Add(chunk);
            var choices = chunk.GetProperty("choices");
            if (choices.GetArrayLength() == 0)
            {
                Assert.Null(usage);
                usage = chunk.GetProperty("usage");
                continue;
            }
            Assert.Null(usage); // the usage chunk comes last
            var choice = choices[0];
            if (choice.GetProperty("delta").TryGetProperty("content", out var text)) content.Append(text.GetString());
            if (choice.GetProperty("finish_reason").ValueKind == JsonValueKind.String)
            {
                Assert.Null(finishReason);
                finishReason = choice.GetProperty("finish_reason").GetString();
            }
        }
        Assert.NotEmpty(chunks);
        return new ServerSentEvents(chunks, content.ToString(), finishReason, usage);
    }
}
