using System.Collections.Concurrent;
using DeepSeek.Engine;
using DeepSeek.Engine.Simulation;
using DeepSeek.Grains.Devices;
using DeepSeek.Models;
using DeepSeek.Tokenizers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepSeek.Grains.Models;

/// <summary>
/// Serves the configured models on this silo's devices. Tokenizers load at start-up (a broken
/// directory stops the silo with the reason); weights load on a device at first use, off the caller's
/// thread, evicting the least recently used idle models when the device's memory is short. Simulated
/// devices run a <see cref="SimulatedEngine"/> whose speed follows the model's size.
/// </summary>
public sealed class LocalModelHost : IModelHost, IAsyncDisposable
{
    private static readonly TimeSpan SwapPoll = TimeSpan.FromMilliseconds(5);

    private readonly Dictionary<string, (ModelDirectory? Directory, ModelDescriptor Descriptor)> _models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Model, int Device), Lazy<Task<IGenerationEngine>>> _engines = new();
    private readonly Dictionary<int, ModelResidency> _residency;
    private readonly Dictionary<int, DeviceTimeline> _timelines;
    private readonly ModelHostOptions _options;
    private readonly SimulatedDeviceOptions _simulated;
    private readonly IDeviceInventory _devices;
    private readonly ILogger<LocalModelHost> _log;

    public LocalModelHost(IOptions<ModelHostOptions> options, IDeviceInventory devices, TimeProvider clock, ILogger<LocalModelHost> log,
        IOptions<DeviceOptions>? deviceOptions = null)
    {
        _options = options.Value;
        _simulated = deviceOptions?.Value.Simulated ?? new SimulatedDeviceOptions();
        _devices = devices;
        _log = log;
        _residency = devices.Devices.ToDictionary(d => d.Index, d => new ModelResidency(d.MemoryBytes));
        // The engines of all models on a simulated device share its compute time.
        _timelines = devices.Devices.Where(d => d.Kind == ComputeDeviceInfo.Simulated)
            .ToDictionary(d => d.Index, _ => new DeviceTimeline(_simulated.TimeScale));
        if (devices.Devices.Any(d => d.Kind != ComputeDeviceInfo.Simulated)) ComputeDevice.SetCpuThreads(_options.CpuThreads);
        foreach (var (id, configured) in _options.Directories)
        {
            var path = Path.IsPathRooted(configured) ? configured : Path.Combine(AppContext.BaseDirectory, configured);
            ModelDirectory directory;
            try
            {
                directory = ModelDirectory.Open(path);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
            {
                throw new InvalidOperationException($"Model '{id}' (DeepSeek:Models:Directories:{id} = '{configured}') cannot be opened: {e.Message}", e);
            }
            var config = directory.Config;
            var created = new DirectoryInfo(path).CreationTimeUtc;
            var parameters = EstimateParameters(config);
            _models[id] = (directory, new ModelDescriptor(
                id, config.ModelType, parameters, Math.Min(config.MaxPositionEmbeddings, _options.MaxSequenceLength),
                directory.Tokenizer, directory.ChatTemplate, new DateTimeOffset(created, TimeSpan.Zero))
            {
                Bytes = parameters * sizeof(float), // weights load in fp32 (ModelDirectory.LoadModel)
            });
        }
        var bytes = new ByteTokenizer();
        foreach (var (id, simulated) in _options.Simulated)
        {
            _models[id] = (null, new ModelDescriptor(id, "simulated", simulated.Parameters, simulated.ContextLength,
                bytes, ChatTemplates.Get(ChatTemplates.Plain), DateTimeOffset.UnixEpoch)
            {
                Bytes = simulated.Parameters * simulated.DTypeBytes,
                Simulated = true,
            });
        }
        if (_models.Count > 0 && !_models.ContainsKey(_options.Default))
            throw new InvalidOperationException($"DeepSeek:Models:Default names '{_options.Default}', which is not among the configured models ({string.Join(", ", _models.Keys)}).");
        _ = clock;
    }

    public string DefaultModel => _options.Default;

    public IReadOnlyList<ModelDescriptor> Models => _models.Values.Select(m => m.Descriptor).ToList();

    public bool TryGetModel(string id, out ModelDescriptor model)
    {
        var found = _models.TryGetValue(id, out var entry);
        model = entry.Descriptor;
        return found;
    }

    public async Task<IGenerationEngine> GetEngineAsync(string modelId, int deviceIndex, CancellationToken cancellationToken = default)
    {
        if (!_models.TryGetValue(modelId, out var entry))
            throw PlatformException.NotFound($"The model '{modelId}' does not exist.", "model_not_found", "model");
        var device = _devices.Devices.FirstOrDefault(d => d.Index == deviceIndex)
            ?? throw PlatformException.Unavailable($"Device {deviceIndex} is not on this silo.", "no_worker", 5);
        if (entry.Directory is null && device.Kind != ComputeDeviceInfo.Simulated)
            throw PlatformException.Unavailable($"The model '{modelId}' is simulated and runs only on simulated devices.", "no_worker", 5);
        var lazy = await ReserveAsync(entry.Directory, entry.Descriptor, device, cancellationToken);
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed load is retried by the next request rather than cached forever.
            if (_engines.TryRemove(new KeyValuePair<(string, int), Lazy<Task<IGenerationEngine>>>((modelId, deviceIndex), lazy)))
            {
                lock (_residency[deviceIndex]) _residency[deviceIndex].Remove(modelId);
            }
            throw;
        }
    }

    /// <summary>The model's engine slot on the device, making room first; waits while busy models hold the memory.</summary>
    private async Task<Lazy<Task<IGenerationEngine>>> ReserveAsync(ModelDirectory? directory, ModelDescriptor model, ComputeDeviceInfo device,
        CancellationToken cancellationToken)
    {
        var residency = _residency[device.Index];
        var deadline = DateTime.UtcNow + _options.ModelSwapTimeout;
        while (true)
        {
            lock (residency)
            {
                if (_engines.TryGetValue((model.Id, device.Index), out var existing))
                {
                    residency.Touch(model.Id);
                    return existing;
                }
                if (!residency.CanEverHold(model.Bytes))
                {
                    throw PlatformException.Unavailable(
                        $"The model '{model.Id}' ({model.Bytes >> 20} MiB) does not fit device {_devices.WorkerKey(device.Index)} ({device.MemoryBytes >> 20} MiB).",
                        "insufficient_device_memory", 5);
                }
                if (residency.PlanEviction(model.Bytes, m => IsIdle(m, device.Index)) is { } victims)
                {
                    foreach (var victim in victims)
                    {
                        residency.Remove(victim);
                        if (_engines.TryRemove((victim, device.Index), out var evicted)) _ = UnloadAsync(victim, device, evicted);
                    }
                    residency.Add(model.Id, model.Bytes);
                    var lazy = new Lazy<Task<IGenerationEngine>>(() => Task.Run(() => LoadAsync(directory, model, device)));
                    _engines[(model.Id, device.Index)] = lazy;
                    return lazy;
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                throw PlatformException.Unavailable(
                    $"Device {_devices.WorkerKey(device.Index)} is busy with other models and has no memory free for '{model.Id}'.", "device_busy", 2);
            }
            await Task.Delay(SwapPoll, cancellationToken);
        }
    }

    private bool IsIdle(string model, int device) =>
        _engines.TryGetValue((model, device), out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully
        && lazy.Value.Result.Statistics is { QueueDepth: 0, ActiveSequences: 0 };

    private Task<IGenerationEngine> LoadAsync(ModelDirectory? directory, ModelDescriptor model, ComputeDeviceInfo device) =>
        directory is null ? LoadSimulatedAsync(model, device) : Task.FromResult<IGenerationEngine>(LoadWeights(directory, model, device));

    private async Task<IGenerationEngine> LoadSimulatedAsync(ModelDescriptor model, ComputeDeviceInfo device)
    {
        // Weights take time to arrive even on a simulated device: that is what makes a cold model expensive.
        await Task.Delay(TimeSpan.FromSeconds(model.Bytes / _simulated.LoadBytesPerSecond * _simulated.TimeScale));
        return new SimulatedEngine(model.Tokenizer, new SimulatedEngineOptions
        {
            MaxBatchSize = _simulated.MaxBatchSize,
            MaxQueueLength = _options.MaxQueueLength,
            MaxSequenceLength = model.ContextLength,
            KvCacheTokens = Math.Max(_simulated.KvCacheTokens, model.ContextLength),
            TimeScale = _simulated.TimeScale,
            Timeline = _timelines[device.Index],
            Latency = new LatencyModel
            {
                PrefillMsPerToken = _simulated.PrefillMsPerToken,
                DecodeBaseMs = _simulated.DecodeBaseMs,
                DecodeMsPerSequence = _simulated.DecodeMsPerSequence,
            }.Scale((double)model.Parameters / _simulated.ReferenceParameters),
        });
    }

    // Kept apart from the simulated path so a silo of simulated devices never initialises libtorch.
    private BatchingEngine LoadWeights(ModelDirectory directory, ModelDescriptor model, ComputeDeviceInfo device)
    {
        var torchDevice = device.Kind == ComputeDeviceInfo.Cuda ? new TorchSharp.torch.Device($"cuda:{device.Index}") : TorchSharp.torch.CPU;
        _log.LogInformation("Loading model {Model} from {Path} on {Device}", model.Id, directory.Path, torchDevice);
        return new BatchingEngine(directory.LoadModel(torchDevice), directory.Tokenizer, new EngineOptions
        {
            MaxBatchSize = _options.MaxBatchSize,
            MaxQueueLength = _options.MaxQueueLength,
            MaxSequenceLength = _options.MaxSequenceLength,
        });
    }

    private async Task UnloadAsync(string model, ComputeDeviceInfo device, Lazy<Task<IGenerationEngine>> engine)
    {
        _log.LogInformation("Evicting model {Model} from device {Device} to make room", model, _devices.WorkerKey(device.Index));
        if (engine.IsValueCreated && engine.Value.IsCompletedSuccessfully) await engine.Value.Result.DisposeAsync();
    }

    public IReadOnlyList<string> LoadedModels(int deviceIndex) => Loaded(deviceIndex).Select(e => e.Model).ToList();

    public EngineStatistics? Statistics(int deviceIndex)
    {
        var engines = Loaded(deviceIndex).Select(e => e.Engine.Statistics).ToList();
        if (engines.Count == 0) return null;
        return new EngineStatistics(
            engines.Sum(s => s.QueueDepth), engines.Sum(s => s.ActiveSequences), engines.Sum(s => s.MaxBatchSize),
            engines.Sum(s => s.TokensGenerated), engines.Sum(s => s.RequestsCompleted), engines.Sum(s => s.TokensPerSecond))
        {
            TokensInFlight = engines.Sum(s => s.TokensInFlight),
        };
    }

    public long UsedBytes(int deviceIndex)
    {
        if (!_residency.TryGetValue(deviceIndex, out var residency)) return 0;
        lock (residency) return residency.UsedBytes;
    }

    public IReadOnlyCollection<string> CachedSessions(int deviceIndex) =>
        Loaded(deviceIndex).SelectMany(e => e.Engine.CachedPrefixKeys).Distinct(StringComparer.Ordinal).ToList();

    public int BatchSlots(int deviceIndex) =>
        _devices.Devices.FirstOrDefault(d => d.Index == deviceIndex)?.Kind == ComputeDeviceInfo.Simulated ? _simulated.MaxBatchSize : _options.MaxBatchSize;

    private IEnumerable<(string Model, IGenerationEngine Engine)> Loaded(int deviceIndex) =>
        _engines.Where(e => e.Key.Device == deviceIndex && e.Value.IsValueCreated && e.Value.Value.IsCompletedSuccessfully)
            .Select(e => (e.Key.Model, e.Value.Value.Result));

    private static long EstimateParameters(ModelConfig c)
    {
        long h = c.HiddenSize, kv = (long)c.KeyValueHeads * c.HeadDim, q = (long)c.NumAttentionHeads * c.HeadDim;
        var attention = h * q * 2 + h * kv * 2 + (c.QkvBias ? q + 2 * kv : 0);
        var mlp = 3 * h * c.IntermediateSize;
        var perLayer = attention + mlp + 2 * h;
        var embeddings = (long)c.VocabSize * h * (c.TieWordEmbeddings ? 1 : 2);
        return perLayer * c.NumHiddenLayers + embeddings + h;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var engine in _engines.Values.Where(e => e.IsValueCreated && e.Value.IsCompletedSuccessfully))
            await engine.Value.Result.DisposeAsync();
    }
}
