using System.Runtime.InteropServices;
using System.Text.Json;
using DeepSeek.Api.Auth;
using DeepSeek.Api.Json;
using DeepSeek.Grains;
using DeepSeek.Grains.Knowledge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace DeepSeek.Api.Apis;

/// <summary><c>POST /v1/embeddings</c>: real sentence embeddings (all-MiniLM-L6-v2, 384 dimensions) in OpenAI's shape.</summary>
public static class EmbeddingsApi
{
    public const string Model = "all-MiniLM-L6-v2";
    private const int MaxInputs = 2048;
    private const int MaxInputLength = 32_000;

    public static IEndpointRouteBuilder MapEmbeddingsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/embeddings", async (HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains, IOptions<ApiOptions> options) =>
        {
            var body = JsonFields.ParseObject(await RequestBody.ReadAsync(context, options.Value.MaxRequestBodyBytes));
            var model = JsonFields.RequiredString(body, "model");
            var inputs = ReadInputs(body);
            var format = JsonFields.OptionalString(body, "encoding_format", 20) ?? "float";
            if (format is not ("float" or "base64"))
                throw PlatformException.InvalidRequest("'encoding_format' must be float or base64.", "encoding_format");
            if (JsonFields.Integer(body, "dimensions", 1, 100_000) is { } dimensions && dimensions != 384)
                throw PlatformException.InvalidRequest($"'{Model}' produces 384 dimensions; 'dimensions' cannot change that.", "dimensions", "unsupported_value");
            await auth.AuthenticateAsync(context, inputs.Sum(i => i.Length) / 4 + 1);
            // OpenAI's embedding model names are accepted as aliases so existing clients work unchanged.
            var grainModel = model is "default" or "text-embedding-3-small" or "text-embedding-ada-002"
                || model.Equals(Model, StringComparison.OrdinalIgnoreCase) ? Model : model;
            var result = await grains.GetGrain<IEmbeddingGrain>(grainModel).EmbedAsync(inputs, context.RequestAborted);
            return Results.Json(new
            {
                @object = "list",
                model = result.Model,
                data = result.Vectors.Select((v, i) => new
                {
                    @object = "embedding",
                    index = i,
                    embedding = format == "base64" ? (object)Convert.ToBase64String(MemoryMarshal.AsBytes(v.AsSpan())) : v,
                }),
                usage = new { prompt_tokens = result.Tokens, total_tokens = result.Tokens },
            });
        }).WithTags("embeddings").WithSummary("Creates sentence embeddings.");
        return app;
    }

    private static string[] ReadInputs(JsonElement body)
    {
        if (!JsonFields.TryGet(body, "input", out var input))
            throw PlatformException.InvalidRequest("'input' is required.", "input", "missing_required_parameter");
        string[] inputs = input.ValueKind switch
        {
            JsonValueKind.String => [input.GetString()!],
            JsonValueKind.Array when input.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
                input.EnumerateArray().Select(e => e.GetString()!).ToArray(),
            JsonValueKind.Array => throw PlatformException.InvalidRequest(
                "'input' must be a string or an array of strings (token arrays are not supported).", "input", "invalid_type"),
            _ => throw JsonFields.WrongType("input", "a string or an array of strings"),
        };
        if (inputs.Length == 0) throw PlatformException.InvalidRequest("'input' must not be empty.", "input");
        if (inputs.Length > MaxInputs) throw PlatformException.InvalidRequest($"'input' may hold at most {MaxInputs} strings.", "input");
        if (inputs.Any(string.IsNullOrEmpty)) throw PlatformException.InvalidRequest("'input' strings must not be empty.", "input");
        if (inputs.Any(i => i.Length > MaxInputLength))
            throw PlatformException.InvalidRequest($"Each input may be at most {MaxInputLength} characters.", "input");
        return inputs;
    }
}
