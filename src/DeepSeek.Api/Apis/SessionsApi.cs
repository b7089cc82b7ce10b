using System.Security.Cryptography;
using DeepSeek.Api.Auth;
using DeepSeek.Grains;
using DeepSeek.Grains.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeepSeek.Api.Apis;

/// <summary>Sessions: create one, read its history, delete it. Chat continues a session via the x-session-id header.</summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/sessions", async (HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains) =>
        {
            var caller = await auth.AuthenticateAsync(context, countRequest: false);
            var id = "sess_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            var session = await grains.GetGrain<ISessionGrain>($"{caller.TenantId}/{id}").CreateAsync(null);
            return Results.Json(Describe(id, session), statusCode: StatusCodes.Status201Created);
        }).WithTags("sessions").WithSummary("Creates a session.");

        app.MapGet("/v1/sessions/{id}", async (string id, HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains) =>
        {
            var caller = await auth.AuthenticateAsync(context, countRequest: false);
            var session = await Grain(grains, caller, id).GetAsync() ?? throw NotFound(id);
            return Results.Json(Describe(id, session));
        }).WithTags("sessions").WithSummary("Returns a session's history.");

        app.MapDelete("/v1/sessions/{id}", async (string id, HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains) =>
        {
            var caller = await auth.AuthenticateAsync(context, countRequest: false);
            if (!await Grain(grains, caller, id).DeleteAsync()) throw NotFound(id);
            return Results.Json(new { id, @object = "session.deleted", deleted = true });
        }).WithTags("sessions").WithSummary("Deletes a session.");
        return app;
    }

    private static ISessionGrain Grain(IGrainFactory grains, Caller caller, string id)
    {
        if (!ChatCompletionsApi.SessionIdPattern().IsMatch(id)) throw NotFound(id);
        return grains.GetGrain<ISessionGrain>($"{caller.TenantId}/{id}");
    }

    private static PlatformException NotFound(string id) => PlatformException.NotFound($"No session '{id}' exists.", "session_not_found");

    private static object Describe(string id, SessionInfo session) => new
    {
        id,
        @object = "session",
        model = session.Model,
        created_at = session.CreatedAt.ToUnixTimeSeconds(),
        updated_at = session.UpdatedAt.ToUnixTimeSeconds(),
        trimmed_turns = session.TrimmedTurns,
        last_worker = session.LastWorker,
        messages = session.Turns.Select(t => new { role = t.Role, content = t.Content }),
    };
}
