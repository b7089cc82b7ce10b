using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DeepSeek.Hosting;

/// <summary>What every DeepSeek host gets: JSON logs, OpenTelemetry metrics and traces, health checks.</summary>
public static class ServiceDefaults
{
    /// <summary>Tag of health checks that decide readiness (liveness only asks whether the process answers).</summary>
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName = "deepseek-orleans")
    {
        builder.Logging.ClearProviders();
        if (builder.Configuration.GetValue("DeepSeek:Logging:Json", true))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics => metrics
                // ASP.NET Core's own meters, named directly: the instrumentation package would add the same
                // meters plus a middleware that tags unhandled exceptions, and the API handles every exception.
                .AddMeter(Telemetry.Name, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
                    "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.MemoryPool")
                .AddRuntimeInstrumentation()
                .AddView(instrument => DroppedInstruments.Contains(instrument.Name) ? MetricStreamConfiguration.Drop : null)
                .AddPrometheusExporter());
        // Traces are recorded only where a collector receives them: an unexported span still costs an
        // activity per request and per grain call.
        if (TracesExported(builder.Configuration))
        {
            otel.WithTracing(tracing => tracing
                .AddSource(Telemetry.Name, "Microsoft.Orleans.Application", "Microsoft.Orleans.Runtime")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/metrics"))
                .AddOtlpExporter());
        }

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy());
        return builder;
    }

    /// <summary>
    /// Counters updated on every message or buffer, which together cost a few percent of the cheapest
    /// requests' CPU and say little a dashboard needs: request rates and latencies are in
    /// <c>http.server.request.duration</c> and <c>orleans-app-requests-latency</c>, failures in
    /// Orleans' rejected/expired/dropped counters (all kept).
    /// </summary>
    public static readonly IReadOnlySet<string> DroppedInstruments = new HashSet<string>(StringComparer.Ordinal)
    {
        "orleans-messaging-sent-local",
        "orleans-messaging-processing-dispatcher-received",
        "orleans-messaging-processing-dispatcher-processed",
        "orleans-messaging-processing-ima-received",
        "orleans-messaging-processing-ima-enqueued",
        "aspnetcore.memory_pool.rented",
        // Four counters per grain call; the directory's full and remote lookups (the ones that cost) are kept.
        "orleans-directory-lookups-local-issued",
        "orleans-directory-lookups-local-successes",
        "orleans-directory-lookups-cache-issued",
        "orleans-directory-lookups-cache-successes",
    };

    /// <summary>Whether traces go anywhere (an OTLP collector is configured); without one, no spans are started.</summary>
    public static bool TracesExported(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    /// <summary>Maps <c>/health/live</c>, <c>/health/ready</c> and Prometheus <c>/metrics</c>, in every environment.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Name == "self" });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag) || check.Name == "self",
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
