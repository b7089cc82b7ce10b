using System.Diagnostics.Metrics;
using DeepSeek.Grains.Devices;
using DeepSeek.Grains.Models;
using DeepSeek.Hosting;

namespace DeepSeek.Silo.Hosting;

/// <summary>
/// Per-device gauges on the platform meter, exported by Prometheus as <c>deepseek_gpu_*</c>: the
/// autoscaling signal of the ai role (see k8s/ai-hpa.yaml). Tagged with node and device.
/// </summary>
public sealed class GpuMetrics(IDeviceInventory devices, IModelHost host, LocalDeviceLoad load) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Telemetry.Meter.CreateObservableGauge("deepseek_gpu_queue_depth", () => Measure(d =>
            Math.Max(host.Statistics(d)?.QueueDepth ?? 0, load.InFlight(d) - (host.Statistics(d)?.ActiveSequences ?? 0))),
            description: "Requests waiting on a device (for a batch slot or their model).");
        Telemetry.Meter.CreateObservableGauge("deepseek_gpu_tokens_in_flight", () => Measure(d => host.Statistics(d)?.TokensInFlight ?? 0),
            description: "Tokens the running and waiting sequences of a device hold.");
        Telemetry.Meter.CreateObservableGauge("deepseek_gpu_utilisation", () => Measure(d =>
            (double)(host.Statistics(d)?.ActiveSequences ?? 0) / Math.Max(1, host.BatchSlots(d))),
            description: "Running sequences per batch slot of a device (1 = full batch).");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Measurement<T>> Measure<T>(Func<int, T> value) where T : struct =>
        devices.Devices.Select(d => new Measurement<T>(value(d.Index),
            new KeyValuePair<string, object?>("node", devices.NodeName), new KeyValuePair<string, object?>("device", d.Index.ToString())));
}
