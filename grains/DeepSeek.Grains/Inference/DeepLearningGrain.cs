using System.Runtime.CompilerServices;
using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Devices;
using DeepSeek.Grains.Models;
using Orleans.Placement;

namespace DeepSeek.Grains.Inference;

/// <summary>
/// One generation: picks the device to run it on (the session's last worker when it is still here,
/// else the least loaded local device) and streams the worker's tokens back.
/// </summary>
[PreferLocalPlacement] // next to the fallback that called it, which runs on a silo of the ai role
public sealed class DeepLearningGrain(IDeviceInventory devices, IModelHost host) : Grain, IDeepLearningGrain
{
    public async IAsyncEnumerable<CompletionChunk> GenerateAsync(CompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var worker = GrainFactory.GetGrain<IGpuWorkerGrain>(devices.WorkerKey(ChooseDevice(request.Model)));
        await foreach (var chunk in worker.GenerateAsync(request, cancellationToken).WithCancellation(cancellationToken))
            yield return chunk;
    }

    private int ChooseDevice(string model)
    {
        if (devices.Devices.Count == 0)
            throw PlatformException.Unavailable("No compute device is available to run the model.", "no_worker", 10);
        // Prefer a device that already holds the model, then the shortest queue.
        return devices.Devices
            .OrderByDescending(d => host.LoadedModels(d.Index).Contains(model))
            .ThenBy(d => host.Statistics(d.Index) is { } s ? s.QueueDepth + s.ActiveSequences : 0)
            .First().Index;
    }
}
