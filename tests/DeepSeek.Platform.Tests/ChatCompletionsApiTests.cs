using System.Net;
using System.Text;
using System.Text.Json;

namespace DeepSeek.Platform.Tests;

/// <summary><c>POST /v1/chat/completions</c> over HTTP: what a client gets for bad requests, answers and streams.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ChatCompletionsApiTests(PlatformFixture platform)
{
    private const int Timeout = 90_000;
    private const string Hi = """[{"role":"user","content":"hi"}]""";

    /// <summary>Each bad request gets its documented status and an OpenAI error naming the offending field.</summary>
    [Theory(Timeout = Timeout)]
    [InlineData("malformed JSON", """{"model":"deepseek-tiny","messages":[""", 400, null, "invalid_json")]
    [InlineData("empty body", "", 400, null, "invalid_json")]
    [InlineData("body is an array", """[{"model":"deepseek-tiny"}]""", 400, null, "invalid_json")]
    [InlineData("body is a string", "\"hello\"", 400, null, "invalid_json")]
    [InlineData("model is a number", """{"model":7,"messages":""" + Hi + "}", 400, "model", "invalid_type")]
    [InlineData("model is missing", """{"messages":""" + Hi + "}", 400, "model", "missing_required_parameter")]
    [InlineData("model is unknown", """{"model":"gpt-17","messages":""" + Hi + "}", 404, "model", "model_not_found")]
    [InlineData("messages is a string", """{"model":"deepseek-tiny","messages":"hi"}""", 400, "messages", "invalid_type")]
    [InlineData("messages is missing", """{"model":"deepseek-tiny"}""", 400, "messages", "missing_required_parameter")]
    [InlineData("messages is empty", """{"model":"deepseek-tiny","messages":[]}""", 400, "messages", null)]
    [InlineData("a message is not an object", """{"model":"deepseek-tiny","messages":["hi"]}""", 400, "messages[0]", "invalid_type")]
    [InlineData("content is missing", """{"model":"deepseek-tiny","messages":[{"role":"user"}]}""", 400, "messages[0].content", "missing_required_parameter")]
    [InlineData("content is a number", """{"model":"deepseek-tiny","messages":[{"role":"user","content":5}]}""", 400, "messages[0].content", "invalid_type")]
    [InlineData("content part is an image", """{"model":"deepseek-tiny","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}""", 400, "messages[0].content[0].type", "unsupported_value")]
    [InlineData("role is unknown", """{"model":"deepseek-tiny","messages":[{"role":"wizard","content":"hi"}]}""", 400, "messages[0].role", null)]
    [InlineData("role is missing", """{"model":"deepseek-tiny","messages":[{"content":"hi"}]}""", 400, "messages[0].role", null)]
    [InlineData("role is tool", """{"model":"deepseek-tiny","messages":[{"role":"user","content":"hi"},{"role":"tool","content":"42","tool_call_id":"c1"}]}""", 400, "messages[1].role", "unsupported_value")]
    [InlineData("no user message", """{"model":"deepseek-tiny","messages":[{"role":"system","content":"be brief"}]}""", 400, "messages", null)]
    [InlineData("temperature is a string", """{"model":"deepseek-tiny","messages":""" + Hi + ""","temperature":"hot"}""", 400, "temperature", "invalid_type")]
    [InlineData("temperature above 2", """{"model":"deepseek-tiny","messages":""" + Hi + ""","temperature":2.5}""", 400, "temperature", null)]
    [InlineData("temperature below 0", """{"model":"deepseek-tiny","messages":""" + Hi + ""","temperature":-0.1}""", 400, "temperature", null)]
    [InlineData("top_p is 0", """{"model":"deepseek-tiny","messages":""" + Hi + ""","top_p":0}""", 400, "top_p", null)]
    [InlineData("top_p above 1", """{"model":"deepseek-tiny","messages":""" + Hi + ""","top_p":1.5}""", 400, "top_p", null)]
    [InlineData("stream is a string", """{"model":"deepseek-tiny","messages":""" + Hi + ""","stream":"yes"}""", 400, "stream", "invalid_type")]
    [InlineData("stream_options is a string", """{"model":"deepseek-tiny","messages":""" + Hi + ""","stream":true,"stream_options":"usage"}""", 400, "stream_options", "invalid_type")]
    [InlineData("max_tokens is negative", """{"model":"deepseek-tiny","messages":""" + Hi + ""","max_tokens":-1}""", 400, "max_tokens", null)]
    [InlineData("max_tokens is zero", """{"model":"deepseek-tiny","messages":""" + Hi + ""","max_tokens":0}""", 400, "max_tokens", null)]
    [InlineData("max_tokens is huge", """{"model":"deepseek-tiny","messages":""" + Hi + ""","max_tokens":100000000}""", 400, "max_tokens", null)]
    [InlineData("max_tokens is fractional", """{"model":"deepseek-tiny","messages":""" + Hi + ""","max_tokens":1.5}""", 400, "max_tokens", "invalid_type")]
    [InlineData("max_completion_tokens is zero", """{"model":"deepseek-tiny","messages":""" + Hi + ""","max_completion_tokens":0}""", 400, "max_completion_tokens", null)]
    [InlineData("n is 2", """{"model":"deepseek-tiny","messages":""" + Hi + ""","n":2}""", 400, "n", "unsupported_value")]
    [InlineData("stop has 5 entries", """{"model":"deepseek-tiny","messages":""" + Hi + ""","stop":["a","b","c","d","e"]}""", 400, "stop", null)]
    [InlineData("stop is a number", """{"model":"deepseek-tiny","messages":""" + Hi + ""","stop":42}""", 400, "stop", "invalid_type")]
    [InlineData("seed is fractional", """{"model":"deepseek-tiny","messages":""" + Hi + ""","seed":1.5}""", 400, "seed", "invalid_type")]
    [InlineData("presence_penalty above 2", """{"model":"deepseek-tiny","messages":""" + Hi + ""","presence_penalty":3}""", 400, "presence_penalty", null)]
    [InlineData("logit_bias is an array", """{"model":"deepseek-tiny","messages":""" + Hi + ""","logit_bias":[1]}""", 400, "logit_bias", "invalid_type")]
    [InlineData("logit_bias key is not a token id", """{"model":"deepseek-tiny","messages":""" + Hi + ""","logit_bias":{"abc":1}}""", 400, "logit_bias", null)]
    [InlineData("logit_bias value above 100", """{"model":"deepseek-tiny","messages":""" + Hi + ""","logit_bias":{"65":101}}""", 400, "logit_bias", null)]
    [InlineData("logit_bias token outside the vocabulary", """{"model":"deepseek-tiny","messages":""" + Hi + ""","logit_bias":{"999999":5}}""", 400, "logit_bias", null)]
    public async Task ABadRequestGetsItsDocumentedStatusAndAnOpenAiError(string problem, string body, int status, string? param, string? code)
    {
        var tenant = await platform.CreateTenantAsync("badinput");

        var response = await platform.Api.PostRawAsync("/v1/chat/completions", tenant.UserKey, body);

        var error = ApiAssert.Error(response, (HttpStatusCode)status, param, code);
        Assert.True(error.GetProperty("message").GetString()!.Length > 10, $"{problem}: {response}");
    }

    [Fact(Timeout = Timeout)]
    public async Task ABodyOverOneMebibyteIsRefusedWith413()
    {
        var tenant = await platform.CreateTenantAsync("toolarge");
        var body = JsonSerializer.Serialize(new
        {
            model = SiloFixture.Model,
            messages = new[] { new { role = "user", content = new string('a', 1024 * 1024) } },
        });

        var response = await platform.Api.PostRawAsync("/v1/chat/completions", tenant.UserKey, body);

        ApiAssert.Error(response, HttpStatusCode.RequestEntityTooLarge, code: "request_too_large");
    }

    [Fact(Timeout = Timeout)]
    public async Task AChunkedBodyOverTheLimitIsRefusedWith413()
    {
        var tenant = await platform.CreateTenantAsync("chunked");
        var text = """{"model":"deepseek-tiny","messages":[{"role":"user","content":""" + "\"" + new string('a', 1100 * 1024) + "\"}]}";
        // No Content-Length: the server only learns the size while reading.
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        content.Headers.ContentType = new("application/json");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = content };
        request.Headers.Authorization = new("Bearer", tenant.UserKey);
        request.Headers.TransferEncodingChunked = true;
        using var response = await platform.Http.SendAsync(request);

        ApiAssert.Error(new ApiResponse(response.StatusCode, response.Headers, response.Content.Headers, await response.Content.ReadAsStringAsync()),
            HttpStatusCode.RequestEntityTooLarge, code: "request_too_large");
    }

    [Theory(Timeout = Timeout)]
    [InlineData("has spaces")]
    [InlineData("../other")]
    [InlineData("a-session-id-that-is-much-longer-than-sixty-four-characters-is-refused")]
    public async Task ABadSessionIdHeaderIsRefusedWith400(string sessionId)
    {
        var tenant = await platform.CreateTenantAsync("badsession");

        var response = await platform.Api.ChatAsync(tenant.UserKey, "hello", headers: new Dictionary<string, string> { ["x-session-id"] = sessionId });

        ApiAssert.Error(response, HttpStatusCode.BadRequest, "x-session-id");
    }

    [Fact(Timeout = Timeout)]
    public async Task AnUnknownQuestionIsAnsweredByTheModelOnAWorker()
    {
        var tenant = await platform.CreateTenantAsync("model");

        var response = await platform.Api.ChatAsync(tenant.UserKey, "Tell me something about grains.");

        var body = ApiAssert.Completion(response, "model");
        Assert.StartsWith("chatcmpl-", body.GetProperty("id").GetString());
        Assert.Equal(SiloFixture.Model, body.GetProperty("model").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("deepseek").GetProperty("worker").GetString()));
        var choice = body.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Contains(choice.GetProperty("finish_reason").GetString(), new[] { "stop", "length" });
        var usage = body.GetProperty("usage");
        Assert.InRange(usage.GetProperty("completion_tokens").GetInt32(), 0, 8);
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() > 0);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(),
            usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact(Timeout = Timeout)]
    public async Task AStreamedModelAnswerArrivesAsOpenAiChunksEndingInDone()
    {
        var tenant = await platform.CreateTenantAsync("stream");

        var response = await platform.Api.PostAsync("/v1/chat/completions", tenant.UserKey, new
        {
            model = SiloFixture.Model,
            messages = new[] { new { role = "user", content = "Stream me a few tokens." } },
            max_tokens = 6,
            stream = true,
            stream_options = new { include_usage = true },
        });

        var stream = ServerSentEvents.Parse(response);
        Assert.Equal("model", response.Header("x-deepseek-route"));
        Assert.Equal("model", stream.Chunks[0].GetProperty("deepseek").GetProperty("route").GetString());
        Assert.Equal("assistant", stream.Chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Contains(stream.FinishReason, new[] { "stop", "length" });
        var usage = stream.Usage!.Value;
        Assert.InRange(usage.GetProperty("completion_tokens").GetInt32(), 0, 6);
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() > 0);
    }

    [Fact(Timeout = Timeout)]
    public async Task AKnownAnswerHasEveryFieldOfAnOpenAiCompletionInOpenAisOrder()
    {
        var tenant = await platform.CreateTenantAsync("shape");
        await platform.Api.PostAsync("/v1/knowledge", tenant.AdminKey, new { question = "Where is the office?", answer = "At Main St. 1 — it's \"blue\"." });

        var body = ApiAssert.Completion(await platform.Api.ChatAsync(tenant.UserKey, "where is the office"), "knowledge");

        static string[] Names(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["id", "object", "created", "model", "system_fingerprint", "choices", "usage", "deepseek"], Names(body));
        Assert.StartsWith("chatcmpl-", body.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("system_fingerprint").ValueKind);
        var choice = body.GetProperty("choices").EnumerateArray().Single();
        Assert.Equal(["index", "message", "logprobs", "finish_reason"], Names(choice));
        Assert.Equal(["role", "content", "refusal"], Names(choice.GetProperty("message")));
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("At Main St. 1 — it's \"blue\".", ApiAssert.Content(body));
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        var usage = body.GetProperty("usage");
        Assert.Equal(["prompt_tokens", "completion_tokens", "total_tokens"], Names(usage));
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(["route", "similarity", "knowledge_entry_id", "worker"], Names(body.GetProperty("deepseek")));
        // Plain UTF-8, as OpenAI writes it: no \u escapes for apostrophes or dashes.
        var raw = (await platform.Api.ChatAsync(tenant.UserKey, "Where is the office?")).Body;
        Assert.Contains("it's", raw);
        Assert.Contains("—", raw);
    }

    [Fact(Timeout = Timeout)]
    public async Task AStreamedKnownAnswerIsTheAnswerTextWithoutAUsageChunkUnlessAskedFor()
    {
        var tenant = await platform.CreateTenantAsync("streamknown");
        var added = await platform.Api.PostAsync("/v1/knowledge", tenant.AdminKey,
            new { question = "What are your opening hours?", answer = "We are open 9 to 5, Monday to Friday." });
        Assert.Equal(HttpStatusCode.Created, added.Status);

        var response = await platform.Api.PostAsync("/v1/chat/completions", tenant.UserKey, new
        {
            model = SiloFixture.Model,
            messages = new[] { new { role = "user", content = "What are your opening hours?" } },
            stream = true,
        });

        var stream = ServerSentEvents.Parse(response);
        Assert.Equal("knowledge", response.Header("x-deepseek-route"));
        Assert.Equal("We are open 9 to 5, Monday to Friday.", stream.Content);
        Assert.Equal("stop", stream.FinishReason);
        Assert.Null(stream.Usage);
    }

    [Fact(Timeout = 90_000)]
    public async Task LogitBiasOfOneHundredForcesThatToken()
    {
        var tenant = await platform.CreateTenantAsync("bias");

        var response = await platform.Api.PostAsync("/v1/chat/completions", tenant.UserKey, new
        {
            model = SiloFixture.Model,
            messages = new[] { new { role = "user", content = "Say anything." } },
            max_tokens = 5,
            logit_bias = new Dictionary<string, int> { ["65"] = 100 },
        });

        Assert.Equal("AAAAA", ApiAssert.Content(ApiAssert.Completion(response, "model")));
    }
}
