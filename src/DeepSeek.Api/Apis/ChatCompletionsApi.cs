using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DeepSeek.Api.Auth;
using DeepSeek.Api.Errors;
using DeepSeek.Api.Json;
using DeepSeek.Grains;
using DeepSeek.Grains.Chat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeepSeek.Api.Apis;

/// <summary><c>POST /v1/chat/completions</c>: OpenAI-compatible, streaming (SSE) or not, with the route it took.</summary>
public static partial class ChatCompletionsApi
{
    public const string RouteHeader = "x-deepseek-route";
    public const string SessionHeader = "x-session-id";

    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public static IEndpointRouteBuilder MapChatCompletionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/chat/completions", CompleteAsync).WithTags("chat").WithSummary("Creates a chat completion (OpenAI-compatible).");
        return app;
    }

    private static async Task CompleteAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<ApiOptions>>().Value;
        var body = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes);
        var input = ChatCompletionParser.Parse(body, options.MaxCompletionTokens);
        var estimate = input.Messages.Sum(m => Encoding.UTF8.GetByteCount(m.Content)) / 4 + 1;
        var caller = await services.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(context, estimate);
        var catalog = services.GetRequiredService<ModelCatalogCache>();
        var model = await catalog.ResolveAsync(input.Model);
        var sessionId = ReadSessionId(context);

        var request = new CompletionRequest
        {
            CompletionId = NewCompletionId(),
            TenantId = caller.TenantId,
            Model = model.Id,
            Messages = input.Messages,
            Sampling = input.Sampling,
            SessionId = sessionId,
            User = input.User,
        };
        var inference = catalog.InferenceGrain(model.Id);
        if (sessionId is not null) context.Response.Headers[SessionHeader] = sessionId;
        if (!input.Stream)
        {
            var result = await inference.CompleteBufferedAsync(request, context.RequestAborted);
            context.Response.Headers[RouteHeader] = result.Route.Route;
            await RespondAsync(context, request, result);
            return;
        }
        await using var chunks = inference.CompleteAsync(request, context.RequestAborted).GetAsyncEnumerator(context.RequestAborted);
        // The first chunk decides the route header; errors before it still get a proper status code.
        if (!await chunks.MoveNextAsync()) throw PlatformException.Unavailable("The model returned nothing.", "empty_completion");
        var first = chunks.Current;
        context.Response.Headers[RouteHeader] = first.Route?.Route ?? CompletionRoute.ModelRoute;
        await StreamAsync(context, request, input, first, chunks);
    }

    private static async Task RespondAsync(HttpContext context, CompletionRequest request, CompletionResult result)
    {
        var response = new ChatCompletionBody
        {
            Id = request.CompletionId,
            Created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            Model = request.Model,
            Choices = [new ChatCompletionChoice { Index = 0, Message = new AssistantMessage { Content = result.Text }, FinishReason = result.FinishReason }],
            Usage = new CompletionUsage { PromptTokens = result.PromptTokens, CompletionTokens = result.CompletionTokens },
            Deepseek = RouteBody.From(result.Route),
        };
        // Written whole before sending: the response gets a Content-Length (not chunked) and goes out in
        // one write, from a pooled buffer.
        using var buffer = new PooledBufferWriter(2048);
        ApiJson.Write(buffer, response, ApiJson.Generated.ChatCompletionBody);
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    private static async Task StreamAsync(HttpContext context, CompletionRequest request, ChatCompletionInput input, CompletionChunk first,
        IAsyncEnumerator<CompletionChunk> chunks)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await WriteEventAsync(context, Chunk(request, created, new { role = "assistant", content = "" }, null, Describe(first.Route)));

        var chunk = first;
        try
        {
            while (true)
            {
                if (chunk.Text.Length > 0) await WriteEventAsync(context, Chunk(request, created, new { content = chunk.Text }, null, null));
                if (chunk.FinishReason is not null)
                {
                    await WriteEventAsync(context, Chunk(request, created, new { }, chunk.FinishReason, null));
                    if (input.IncludeUsage)
                    {
                        await WriteEventAsync(context, new
                        {
                            id = request.CompletionId, @object = "chat.completion.chunk", created, model = request.Model,
                            system_fingerprint = (string?)null, choices = Array.Empty<object>(), usage = Usage(chunk),
                        });
                    }
                }
                if (!await chunks.MoveNextAsync()) break;
                chunk = chunks.Current;
            }
        }
        catch (PlatformException e)
        {
            // Headers are gone: the error travels as an event, the way OpenAI reports mid-stream failures.
            await WriteEventAsync(context, ApiError.Body(e));
        }
        catch (Exception e) when (ErrorHandlingMiddleware.Unavailable(e) is { } unavailable)
        {
            // A node died mid-stream: the client gets an error event and a proper end, and may retry.
            await WriteEventAsync(context, ApiError.Body(unavailable));
        }
        await context.Response.Body.WriteAsync(Done, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static object Chunk(CompletionRequest request, long created, object delta, string? finishReason, object? deepseek) => new
    {
        id = request.CompletionId,
        @object = "chat.completion.chunk",
        created,
        model = request.Model,
        system_fingerprint = (string?)null,
        choices = new[] { new { index = 0, delta, logprobs = (object?)null, finish_reason = finishReason } },
        deepseek,
    };

    private static async Task WriteEventAsync(HttpContext context, object payload)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(payload, ApiJson.Options);
        await context.Response.Body.WriteAsync("data: "u8.ToArray(), context.RequestAborted);
        await context.Response.Body.WriteAsync(json, context.RequestAborted);
        await context.Response.Body.WriteAsync("\n\n"u8.ToArray(), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static object Usage(CompletionChunk last)
    {
        var prompt = last.PromptTokens ?? 0;
        var completion = last.CompletionTokens ?? 0;
        return new { prompt_tokens = prompt, completion_tokens = completion, total_tokens = prompt + completion };
    }

    private static RouteBody? Describe(CompletionRoute? route) => RouteBody.From(route);

    private static string NewCompletionId() => RandomBytes.HexId("chatcmpl-", 12);

    private static string? ReadSessionId(HttpContext context)
    {
        var value = context.Request.Headers[SessionHeader].ToString();
        if (string.IsNullOrEmpty(value)) return null;
        if (!SessionIdPattern().IsMatch(value))
            throw PlatformException.InvalidRequest("x-session-id must be 1-64 letters, digits, '-' or '_'.", SessionHeader);
        return value;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    internal static partial Regex SessionIdPattern();
}
