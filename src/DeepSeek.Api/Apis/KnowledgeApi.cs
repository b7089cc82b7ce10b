using System.Text;
using System.Text.Json;
using DeepSeek.Api.Auth;
using DeepSeek.Api.Errors;
using DeepSeek.Api.Json;
using DeepSeek.Grains;
using DeepSeek.Grains.Knowledge;
using DeepSeek.Grains.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace DeepSeek.Api.Apis;

/// <summary>
/// The known answers of the caller's tenant for one model (<c>?model=</c>, default model when absent).
/// Reading needs any key of the tenant; changes need an admin key. Platform admins may pass <c>?tenant=</c>.
/// </summary>
public static class KnowledgeApi
{
    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/knowledge").WithTags("knowledge");

        group.MapGet("/", async (HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains, ModelCatalogCache catalog) =>
        {
            var grain = await ScopeAsync(context, auth, grains, catalog, write: false);
            var offset = ReadInt(context, "offset", 0, 0, int.MaxValue);
            var limit = ReadInt(context, "limit", 100, 1, 1000);
            var entries = await grain.ListAsync(offset, limit);
            return Results.Json(new { @object = "list", total = await grain.CountAsync(), data = entries.Select(Describe) });
        }).WithSummary("Lists knowledge entries.");

        group.MapPost("/", async (HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains, ModelCatalogCache catalog, IOptions<ApiOptions> options) =>
        {
            var grain = await ScopeAsync(context, auth, grains, catalog, write: true);
            var body = JsonFields.ParseObject(await RequestBody.ReadAsync(context, options.Value.MaxRequestBodyBytes));
            var entry = await grain.AddAsync(ReadEntry(body, ""));
            return Results.Json(Describe(entry), statusCode: StatusCodes.Status201Created);
        }).WithSummary("Adds a known answer.");

        group.MapPost("/import", async (HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains, ModelCatalogCache catalog, IOptions<ApiOptions> options) =>
        {
            var grain = await ScopeAsync(context, auth, grains, catalog, write: true);
            var body = await RequestBody.ReadAsync(context, options.Value.MaxImportBodyBytes);
            var (inputs, errors) = ParseJsonl(body);
            var result = inputs.Count == 0 ? new ImportResult() : await grain.ImportAsync(inputs);
            var allErrors = errors.Concat(result.Errors).OrderBy(e => e.Line).ToList();
            return Results.Json(new
            {
                @object = "knowledge.import",
                added = result.Added,
                rejected = allErrors.Count,
                errors = allErrors.Select(e => new { line = e.Line, message = e.Message }),
            });
        }).WithSummary("Imports entries from JSONL ({\"question\",\"answer\",\"context_free\"} per line).");

        group.MapGet("/{id}", async (string id, HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains, ModelCatalogCache catalog) =>
        {
            var grain = await ScopeAsync(context, auth, grains, catalog, write: false);
            var entry = await grain.GetAsync(id) ?? throw NotFound(id);
            return Results.Json(Describe(entry));
        }).WithSummary("Returns one entry.");

        group.MapDelete("/{id}", async (string id, HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains, ModelCatalogCache catalog) =>
        {
            var grain = await ScopeAsync(context, auth, grains, catalog, write: true);
            if (!await grain.DeleteAsync(id)) throw NotFound(id);
            return Results.Json(new { id, @object = "knowledge.deleted", deleted = true });
        }).WithSummary("Deletes an entry.");
        return app;
    }

    private static async Task<IKnowledgeGrain> ScopeAsync(HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains,
        ModelCatalogCache catalog, bool write)
    {
        var caller = write ? await auth.RequireAdminAsync(context) : await auth.AuthenticateAsync(context, countRequest: false);
        var tenant = context.Request.Query["tenant"].ToString();
        if (string.IsNullOrEmpty(tenant)) tenant = caller.TenantId;
        else if (tenant != caller.TenantId && !caller.IsPlatformAdmin) throw ApiError.Forbidden("Only platform admins may use another tenant's knowledge.");
        if (!ApiKeys.IsValidTenantId(tenant)) throw PlatformException.InvalidRequest("'tenant' is not a tenant id.", "tenant");
        var requested = context.Request.Query["model"].ToString();
        var model = await catalog.ResolveAsync(string.IsNullOrEmpty(requested) ? "default" : requested);
        return grains.GetGrain<IKnowledgeGrain>($"{tenant}/{model.Id}");
    }

    private static KnowledgeEntryInput ReadEntry(JsonElement body, string prefix)
    {
        var question = JsonFields.RequiredString(body, "question");
        var answer = JsonFields.RequiredString(body, "answer");
        if (question.Length > 4000) throw PlatformException.InvalidRequest($"{prefix}'question' is longer than 4000 characters.", "question");
        if (answer.Length > 32000) throw PlatformException.InvalidRequest($"{prefix}'answer' is longer than 32000 characters.", "answer");
        return new KnowledgeEntryInput { Question = question, Answer = answer, ContextFree = JsonFields.Boolean(body, "context_free") ?? false };
    }

    private static (List<KnowledgeEntryInput> Inputs, List<ImportError> Errors) ParseJsonl(ReadOnlyMemory<byte> body)
    {
        var inputs = new List<KnowledgeEntryInput>();
        var errors = new List<ImportError>();
        var lines = Encoding.UTF8.GetString(body.Span).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                inputs.Add(ReadEntry(JsonFields.ParseObject(Encoding.UTF8.GetBytes(line)), $"line {i + 1}: "));
            }
            catch (PlatformException e)
            {
                errors.Add(new ImportError(i + 1, e.Message));
            }
        }
        return (inputs, errors);
    }

    private static int ReadInt(HttpContext context, string name, int fallback, int min, int max)
    {
        var text = context.Request.Query[name].ToString();
        if (string.IsNullOrEmpty(text)) return fallback;
        if (!int.TryParse(text, out var value) || value < min || value > max)
            throw PlatformException.InvalidRequest($"'{name}' must be an integer between {min} and {max}.", name);
        return value;
    }

    private static PlatformException NotFound(string id) => PlatformException.NotFound($"No knowledge entry '{id}' exists.", "entry_not_found");

    private static object Describe(KnowledgeEntry e) => new
    {
        id = e.Id,
        @object = "knowledge.entry",
        question = e.Question,
        answer = e.Answer,
        context_free = e.ContextFree,
        source = e.Source,
        created_at = e.CreatedAt.ToUnixTimeSeconds(),
    };
}
