using Orleans.Dashboard;
using DeepSeek.Api.Auth;

namespace DeepSeek.Silo.Hosting;

/// <summary>The Orleans Dashboard at /dashboard, for platform admins only.</summary>
public static class DashboardSetup
{
    public const string Path = "/dashboard";

    /// <summary>Every dashboard request (page and its JSON calls) needs a platform admin key; browsers send it as HTTP Basic.</summary>
    public static IApplicationBuilder UseDashboardGuard(this IApplicationBuilder app) => app.Use((context, next) =>
        context.Request.Path.StartsWithSegments(Path) ? GuardAsync(context, next) : next(context));

    private static async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        await context.RequestServices.GetRequiredService<ApiKeyAuthenticator>().RequireAdminAsync(context, platform: true);
        await next(context);
    }

    public static WebApplication MapDeepSeekDashboard(this WebApplication app)
    {
        app.MapOrleansDashboard(Path.TrimStart('/'));
        return app;
    }
}
