using System.Runtime.CompilerServices;
using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Cluster;
using DeepSeek.Grains.Devices;
using DeepSeek.Grains.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;

namespace DeepSeek.Grains.Inference;

/// <summary>
/// Generations of one session (or one request without a session): placed by the GPU-aware director on
/// a silo with a device that suits them, it picks the local device the same way from live state and
/// streams the worker's tokens back. When a turn ends with every local device overloaded and a much
/// lighter device elsewhere, the session moves there before its next turn.
/// </summary>
[GpuAwarePlacement] // next to the device holding the session's KV cache or the model (GpuPlacementDirector)
public sealed class DeepLearningGrain(LocalDeviceView local, LocalDeviceLoad load, IDevicePolicy policy, IDeviceTable table,
    IOptions<GpuPlacementOptions> options, TimeProvider clock, ILogger<DeepLearningGrain> log) : Grain, IDeepLearningGrain
{
    public IAsyncEnumerable<CompletionChunk> GenerateAsync(CompletionRequest request, CancellationToken cancellationToken = default)
    {
        var session = request.SessionId is { } id ? PlacementKeys.SessionKey(request.TenantId, id) : null;
        var demand = new DeviceDemand(session, request.Model, local.ModelBytes(request.Model));
        var stream = GenerateOnDeviceAsync(request, demand, cancellationToken);
        // Only a grain that is the session's own may move (one keyed by request ends with the request), and
        // only once the caller's enumeration is over: a move in the middle of it would abort the stream.
        return session is not null && session == this.GetPrimaryKeyString()
            ? new AfterDisposeStream<CompletionChunk>(stream, () => MoveIfOverloaded(demand))
            : stream;
    }

    private async IAsyncEnumerable<CompletionChunk> GenerateOnDeviceAsync(CompletionRequest request, DeviceDemand demand,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Placed here without a fitting device (no fresh load reports at the time): the session moves after this error.
        var device = policy.Choose(local.Snapshot(), demand, new DeviceFilter(clock.GetTimestamp(), demand.ModelBytes))
            ?? throw PlatformException.Unavailable($"No device on this silo can hold the model '{request.Model}'; retry.", "insufficient_device_memory", 1);
        using (load.Track(device.DeviceIndex))
        {
            var worker = GrainFactory.GetGrain<IGpuWorkerGrain>(device.Worker);
            await foreach (var chunk in worker.GenerateAsync(request, cancellationToken).WithCancellation(cancellationToken))
                yield return chunk;
        }
    }

    /// <summary>After a turn: moves the session when every local device is overloaded (or none fits) and one elsewhere is much lighter.</summary>
    private void MoveIfOverloaded(DeviceDemand demand)
    {
        var filter = new DeviceFilter(clock.GetTimestamp(), demand.ModelBytes);
        var here = local.Snapshot().Devices.Where(filter.Accepts).Select(d => d.Load).DefaultIfEmpty(double.MaxValue).Min();
        if (here < options.Value.MigrateAboveLoad) return;
        var there = policy.Choose(table.Current, demand with { Session = null },
            new DeviceFilter(clock.GetTimestamp(), demand.ModelBytes, excluded: local.Silo));
        if (there is null || there.Load > here - options.Value.MigrateGain) return;
        log.LogInformation("Session {Session} leaves its silo (best device load {Here:0.##}) for {Worker} (load {There:0.##})",
            demand.Session, here, there.Worker, there.Load);
        Migrate(there);
    }

    /// <summary>Moves this activation when idle, steering the director with a placement hint.</summary>
    private void Migrate(DeviceCandidate target)
    {
        target.AddPlaced();
        RequestContext.Set(IPlacementDirector.PlacementHintKey, target.Silo);
        try
        {
            MigrateOnIdle();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }
}
