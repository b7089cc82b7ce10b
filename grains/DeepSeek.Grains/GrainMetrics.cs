using System.Diagnostics.Metrics;

namespace DeepSeek.Grains;

/// <summary>The grains' instruments, on the platform's meter (exported with the silo's metrics).</summary>
internal static class GrainMetrics
{
    internal static readonly Meter Meter = new("DeepSeek.Orleans");

    public static readonly Counter<long> EventsPublished = Meter.CreateCounter<long>(
        "deepseek_events_published", description: "Platform events put on streams.");

    public static readonly Counter<long> EventPublishFailures = Meter.CreateCounter<long>(
        "deepseek_event_publish_failures", description: "Attempts to publish a batch of events that failed and will be retried.");

    public static readonly Counter<long> EventsProjected = Meter.CreateCounter<long>(
        "deepseek_events_projected", description: "Events applied to read models (redeliveries excluded).");
}
