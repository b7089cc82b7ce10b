using DeepSeek.Api.Auth;
using DeepSeek.Grains.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeepSeek.Api.Apis;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{id}</c> in OpenAI's shape.</summary>
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/models", async (HttpContext context, ApiKeyAuthenticator auth, ModelCatalogCache catalog) =>
        {
            await auth.AuthenticateAsync(context, countRequest: false);
            var models = await catalog.ListAsync();
            return Results.Json(new { @object = "list", data = models.Select(Describe) });
        }).WithTags("models").WithSummary("Lists the models the cluster serves.");

        app.MapGet("/v1/models/{id}", async (string id, HttpContext context, ApiKeyAuthenticator auth, ModelCatalogCache catalog) =>
        {
            await auth.AuthenticateAsync(context, countRequest: false);
            return Results.Json(Describe(await catalog.ResolveAsync(id)));
        }).WithTags("models").WithSummary("Describes one model.");
        return app;
    }

    private static object Describe(ModelCard card) => new
    {
        id = card.Id,
        @object = "model",
        created = card.CreatedAt.ToUnixTimeSeconds(),
        owned_by = card.OwnedBy,
        deepseek = new { architecture = card.Architecture, parameters = card.Parameters, context_length = card.ContextLength },
    };
}
