using DeepSeek.Api.Auth;
using DeepSeek.Api.Json;
using DeepSeek.Grains;
using DeepSeek.Grains.Chat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace DeepSeek.Api.Apis;

/// <summary><c>POST /v1/feedback</c>: rate a completion; a good model answer becomes a known answer.</summary>
public static class FeedbackApi
{
    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/feedback", async (HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains, IOptions<ApiOptions> options) =>
        {
            var body = JsonFields.ParseObject(await RequestBody.ReadAsync(context, options.Value.MaxRequestBodyBytes));
            var completionId = JsonFields.RequiredString(body, "completion_id");
            var rating = JsonFields.Integer(body, "rating", -1, 1)
                ?? throw PlatformException.InvalidRequest("'rating' is required (-1, 0 or 1).", "rating", "missing_required_parameter");
            var caller = await auth.AuthenticateAsync(context, countRequest: false);
            if (completionId.Length > 100 || completionId.Contains('/'))
                throw PlatformException.InvalidRequest("'completion_id' is not a completion id.", "completion_id");
            // The grain key starts with the caller's tenant: another tenant's completion id is simply not found.
            var result = await grains.GetGrain<ICompletionGrain>($"{caller.TenantId}/{completionId}").RateAsync((int)rating);
            return Results.Json(new
            {
                completion_id = result.CompletionId,
                rating = result.Rating,
                promoted = result.Promoted,
                knowledge_entry_id = result.KnowledgeEntryId,
            });
        }).WithTags("feedback").WithSummary("Rates a completion (-1, 0, 1).");
        return app;
    }
}
