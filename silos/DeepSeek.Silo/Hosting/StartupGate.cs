using DeepSeek.Api.Errors;
using DeepSeek.Grains;
using DeepSeek.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeepSeek.Silo.Hosting;

/// <summary>
/// Open once the silo has started and bootstrapped. Kestrel starts before the silo, so until then API
/// calls get 503 (not a failed grain call) and readiness reports unhealthy.
/// </summary>
public sealed class StartupGate : IHealthCheck
{
    private volatile bool _open;

    public bool IsOpen => _open;

    public void Open() => _open = true;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_open ? HealthCheckResult.Healthy("started") : HealthCheckResult.Unhealthy("starting"));
}

/// <summary>Registration of the gate: health check and request filter.</summary>
public static class StartupGateSetup
{
    public static IServiceCollection AddStartupGate(this IServiceCollection services)
    {
        services.AddSingleton<StartupGate>();
        services.AddHealthChecks().AddCheck<StartupGate>("startup", tags: [ServiceDefaults.ReadyTag]);
        return services;
    }

    public static IApplicationBuilder UseStartupGate(this IApplicationBuilder app)
    {
        var gate = app.ApplicationServices.GetRequiredService<StartupGate>();
        // Once open, requests pass straight through: no state machine per request on the hot path.
        return app.Use((context, next) =>
            gate.IsOpen || !(context.Request.Path.StartsWithSegments("/v1") || context.Request.Path.StartsWithSegments("/dashboard"))
                ? next(context)
                : ApiError.WriteAsync(context, PlatformException.Unavailable("The platform is starting; retry in a moment.", "starting", 1)));
    }
}
