using System.Globalization;
using DeepSeek.Api.Auth;
using DeepSeek.Api.Errors;
using DeepSeek.Grains;
using DeepSeek.Grains.Tenants;
using DeepSeek.Grains.Usage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeepSeek.Api.Apis;

/// <summary>
/// <c>GET /v1/usage</c>: requests and tokens per tenant, UTC day, model and route, read from the usage
/// read model that completion events are projected into. A tenant sees its own usage; a platform admin
/// sees every tenant's, or one tenant's with <c>?tenant=</c>.
/// </summary>
public static class UsageApi
{
    /// <summary>The longest range one query may cover, in days.</summary>
    public const int MaxDays = 366;

    /// <summary>Days covered when <c>from</c> is not given (ending today or at <c>to</c>).</summary>
    public const int DefaultDays = 30;

    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/usage", async (HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains) =>
        {
            var caller = await auth.AuthenticateAsync(context, countRequest: false);
            var query = context.Request.Query;
            var to = ParseDay(query["to"], "to") ?? DateOnly.FromDateTime(DateTime.UtcNow);
            var from = ParseDay(query["from"], "from") ?? to.AddDays(1 - DefaultDays);
            if (from > to) throw PlatformException.InvalidRequest("'from' must not be after 'to'.", "from");
            if (to.DayNumber - from.DayNumber + 1 > MaxDays)
                throw PlatformException.InvalidRequest($"A usage query covers at most {MaxDays} days.", "from");

            string? tenant = caller.TenantId;
            var requested = query["tenant"].ToString();
            if (caller.IsPlatformAdmin)
            {
                tenant = requested.Length == 0 || requested == "*" ? null : requested;
                if (tenant is not null && !ApiKeys.IsValidTenantId(tenant))
                    throw PlatformException.InvalidRequest("'tenant' is not a tenant id.", "tenant");
            }
            else if (requested.Length > 0 && requested != caller.TenantId)
            {
                throw ApiError.Forbidden("Only a platform admin key can read another tenant's usage.");
            }

            var rows = await grains.GetGrain<IUsageGrain>(0).QueryAsync(new UsageQuery { TenantId = tenant, From = from, To = to });
            return Results.Json(new
            {
                @object = "list",
                from = Format(from),
                to = Format(to),
                tenant,
                data = rows.Select(r => new
                {
                    @object = "usage",
                    tenant = r.TenantId,
                    date = Format(r.Day),
                    model = r.Model,
                    route = r.Route,
                    requests = r.Requests,
                    prompt_tokens = r.PromptTokens,
                    completion_tokens = r.CompletionTokens,
                    total_tokens = r.PromptTokens + r.CompletionTokens,
                }),
                totals = new
                {
                    requests = rows.Sum(r => r.Requests),
                    prompt_tokens = rows.Sum(r => r.PromptTokens),
                    completion_tokens = rows.Sum(r => r.CompletionTokens),
                    total_tokens = rows.Sum(r => r.PromptTokens + r.CompletionTokens),
                },
            });
        }).WithTags("usage").WithSummary("Requests and tokens per day, model and route (the caller's tenant; every tenant for a platform admin).");
        return app;
    }

    private static DateOnly? ParseDay(string? value, string name)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        throw PlatformException.InvalidRequest($"'{name}' must be a date written YYYY-MM-DD.", name);
    }

    private static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
