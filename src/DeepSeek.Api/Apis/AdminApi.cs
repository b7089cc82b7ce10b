using DeepSeek.Api.Auth;
using DeepSeek.Api.Errors;
using DeepSeek.Api.Json;
using DeepSeek.Grains;
using DeepSeek.Grains.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace DeepSeek.Api.Apis;

/// <summary>
/// Tenants and API keys. Platform admins (admin keys of the platform tenant) manage every tenant;
/// a tenant's own admin keys manage that tenant's keys.
/// </summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/admin").WithTags("admin");

        admin.MapPost("/tenants", async (HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains, IOptions<ApiOptions> options) =>
        {
            await auth.RequireAdminAsync(context, platform: true);
            var body = JsonFields.ParseObject(await RequestBody.ReadAsync(context, options.Value.MaxRequestBodyBytes));
            var id = JsonFields.RequiredString(body, "id");
            if (!ApiKeys.IsValidTenantId(id))
                throw PlatformException.InvalidRequest("'id' must be 1-40 lowercase letters, digits or underscores.", "id");
            var defaults = new TenantLimits();
            var limits = new TenantLimits
            {
                RequestsPerMinute = (int)(JsonFields.Integer(body, "requests_per_minute", 0, 10_000_000) ?? defaults.RequestsPerMinute),
                TokensPerMinute = (int)(JsonFields.Integer(body, "tokens_per_minute", 0, 1_000_000_000) ?? defaults.TokensPerMinute),
            };
            var tenant = await grains.GetGrain<ITenantGrain>(id).CreateAsync(JsonFields.OptionalString(body, "name", 200) ?? id, limits);
            return Results.Json(Describe(tenant), statusCode: StatusCodes.Status201Created);
        }).WithSummary("Creates (or updates) a tenant.");

        admin.MapGet("/tenants", async (HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains) =>
        {
            await auth.RequireAdminAsync(context, platform: true);
            var ids = await grains.GetGrain<ITenantDirectoryGrain>("default").ListAsync();
            var tenants = await Task.WhenAll(ids.Select(id => grains.GetGrain<ITenantGrain>(id).GetAsync()));
            return Results.Json(new { @object = "list", data = tenants.OfType<TenantInfo>().Select(Describe) });
        }).WithSummary("Lists tenants.");

        admin.MapGet("/tenants/{id}", async (string id, HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains) =>
        {
            await RequireTenantAdminAsync(context, auth, id);
            var tenant = await grains.GetGrain<ITenantGrain>(id).GetAsync() ?? throw TenantNotFound(id);
            return Results.Json(Describe(tenant));
        }).WithSummary("Describes a tenant.");

        admin.MapDelete("/tenants/{id}", async (string id, HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains, IOptions<ApiOptions> options) =>
        {
            await auth.RequireAdminAsync(context, platform: true);
            if (id == options.Value.PlatformTenant) throw PlatformException.InvalidRequest("The platform tenant cannot be disabled.", "id");
            await RequireExistsAsync(grains, id);
            await grains.GetGrain<ITenantGrain>(id).DisableAsync();
            return Results.Json(new { id, @object = "tenant.disabled", disabled = true });
        }).WithSummary("Disables a tenant and revokes its keys.");

        admin.MapPost("/tenants/{id}/keys", async (string id, HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains, IOptions<ApiOptions> options) =>
        {
            await RequireTenantAdminAsync(context, auth, id);
            var body = context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0
                ? JsonFields.ParseObject(await RequestBody.ReadAsync(context, options.Value.MaxRequestBodyBytes))
                : JsonFields.ParseObject("{}"u8.ToArray());
            var role = JsonFields.OptionalString(body, "role", 20) ?? KeyRoles.User;
            if (!KeyRoles.IsValid(role)) throw PlatformException.InvalidRequest("'role' must be user or admin.", "role");
            await RequireExistsAsync(grains, id);
            var issued = await grains.GetGrain<ITenantGrain>(id).CreateKeyAsync(role, JsonFields.OptionalString(body, "name", 200));
            return Results.Json(new { key = issued.Key, info = Describe(issued.Info) }, statusCode: StatusCodes.Status201Created);
        }).WithSummary("Creates an API key; the key is shown only in this response.");

        admin.MapGet("/tenants/{id}/keys", async (string id, HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains) =>
        {
            await RequireTenantAdminAsync(context, auth, id);
            await RequireExistsAsync(grains, id);
            var keys = await grains.GetGrain<ITenantGrain>(id).ListKeysAsync();
            return Results.Json(new { @object = "list", data = keys.Select(Describe) });
        }).WithSummary("Lists a tenant's keys (never the secrets).");

        admin.MapDelete("/tenants/{id}/keys/{keyId}", async (string id, string keyId, HttpContext context, ApiKeyAuthenticator auth, IGrainFactory grains) =>
        {
            await RequireTenantAdminAsync(context, auth, id);
            if (!await grains.GetGrain<ITenantGrain>(id).RevokeKeyAsync(keyId))
                throw PlatformException.NotFound($"Tenant '{id}' has no key '{keyId}'.", "key_not_found");
            return Results.Json(new { id = keyId, @object = "key.revoked", revoked = true });
        }).WithSummary("Revokes a key.");
        return app;
    }

    private static async Task RequireTenantAdminAsync(HttpContext context, ApiKeyAuthenticator auth, string tenantId)
    {
        var caller = await auth.RequireAdminAsync(context);
        if (!caller.CanAdminister(tenantId)) throw ApiError.Forbidden("This key cannot administer that tenant.");
    }

    private static async Task RequireExistsAsync(IGrainFactory grains, string id)
    {
        if (!ApiKeys.IsValidTenantId(id) || await grains.GetGrain<ITenantGrain>(id).GetAsync() is null) throw TenantNotFound(id);
    }

    private static PlatformException TenantNotFound(string id) => PlatformException.NotFound($"Tenant '{id}' does not exist.", "tenant_not_found");

    private static object Describe(TenantInfo t) => new
    {
        id = t.Id,
        @object = "tenant",
        name = t.Name,
        created_at = t.CreatedAt.ToUnixTimeSeconds(),
        disabled = t.Disabled,
        active_keys = t.ActiveKeys,
        requests_per_minute = t.Limits.RequestsPerMinute,
        tokens_per_minute = t.Limits.TokensPerMinute,
    };

    private static object Describe(ApiKeyInfo k) => new
    {
        id = k.Id,
        @object = "api_key",
        tenant = k.TenantId,
        role = k.Role,
        name = k.Name,
        prefix = k.Prefix,
        created_at = k.CreatedAt.ToUnixTimeSeconds(),
        revoked_at = k.RevokedAt?.ToUnixTimeSeconds(),
    };
}
