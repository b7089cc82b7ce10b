using System.Collections.Concurrent;
using DeepSeek.Engine;
using DeepSeek.Grains.Devices;
using DeepSeek.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepSeek.Grains.Models;

/// <summary>
/// Serves the configured model directories on this silo's devices. Tokenizers load at start-up (a
/// broken directory stops the silo with the reason); weights load on a device at first use, off the
/// caller's thread.
/// </summary>
public sealed class LocalModelHost : IModelHost, IAsyncDisposable
{
    private readonly Dictionary<string, (ModelDirectory Directory, ModelDescriptor Descriptor)> _models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Model, int Device), Lazy<Task<BatchingEngine>>> _engines = new();
    private readonly ModelHostOptions _options;
    private readonly IDeviceInventory _devices;
    private readonly ILogger<LocalModelHost> _log;

    public LocalModelHost(IOptions<ModelHostOptions> options, IDeviceInventory devices, TimeProvider clock, ILogger<LocalModelHost> log)
    {
        _options = options.Value;
        _devices = devices;
        _log = log;
        ComputeDevice.SetCpuThreads(_options.CpuThreads);
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
            _models[id] = (directory, new ModelDescriptor(
                id, config.ModelType, EstimateParameters(config), Math.Min(config.MaxPositionEmbeddings, _options.MaxSequenceLength),
                directory.Tokenizer, directory.ChatTemplate, new DateTimeOffset(created, TimeSpan.Zero)));
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
        var lazy = _engines.GetOrAdd((modelId, deviceIndex), _ => new Lazy<Task<BatchingEngine>>(
            () => Task.Run(() => Load(entry.Directory, modelId, device))));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed load is retried by the next request rather than cached forever.
            _engines.TryRemove(new KeyValuePair<(string, int), Lazy<Task<BatchingEngine>>>((modelId, deviceIndex), lazy));
            throw;
        }
    }

    public IReadOnlyList<string> LoadedModels(int deviceIndex) =>
        _engines.Where(e => e.Key.Device == deviceIndex && e.Value.IsValueCreated && e.Value.Value.IsCompletedSuccessfully)
            .Select(e => e.Key.Model).ToList();

    public EngineStatistics? Statistics(int deviceIndex)
    {
        var engines = _engines.Where(e => e.Key.Device == deviceIndex && e.Value.IsValueCreated && e.Value.Value.IsCompletedSuccessfully)
            .Select(e => e.Value.Value.Result.Statistics).ToList();
        if (engines.Count == 0) return null;
        return new EngineStatistics(
            engines.Sum(s => s.QueueDepth), engines.Sum(s => s.ActiveSequences), engines.Sum(s => s.MaxBatchSize),
            engines.Sum(s => s.TokensGenerated), engines.Sum(s => s.RequestsCompleted), engines.Sum(s => s.TokensPerSecond));
    }

    private BatchingEngine Load(ModelDirectory directory, string modelId, ComputeDeviceInfo device)
    {
        var torchDevice = device.Kind == "cuda" ? new TorchSharp.torch.Device($"cuda:{device.Index}") : TorchSharp.torch.CPU;
        _log.LogInformation("Loading model {Model} from {Path} on {Device}", modelId, directory.Path, torchDevice);
        var model = directory.LoadModel(torchDevice);
        return new BatchingEngine(model, directory.Tokenizer, new EngineOptions
        {
            MaxBatchSize = _options.MaxBatchSize,
            MaxQueueLength = _options.MaxQueueLength,
            MaxSequenceLength = _options.MaxSequenceLength,
        });
    }

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
