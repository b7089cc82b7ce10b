using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DeepSeek.Hosting;

/// <summary>The platform's own meter and activity source (names exported by OpenTelemetry).</summary>
public static class Telemetry
{
    public const string Name = "DeepSeek.Orleans";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);
}
