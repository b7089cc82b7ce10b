using System.Globalization;
using System.Text.Json;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepSeek.Training.Checkpoints;

/// <summary>
/// Training checkpoints in one directory:
/// <code>
/// latest                         name of the newest complete checkpoint (swapped atomically)
/// step-00000100/model.safetensors  trainable parameters (all of them, or only the adapters under LoRA)
/// step-00000100/optimizer.bin      AdamW moments and step counts (TorchSharp's optimizer encoding)
/// step-00000100/trainer.json       step, data position, seed, torch RNG state
/// checkpoint-tmp-*/                a write in progress
/// </code>
/// A checkpoint is written into a temporary directory, renamed into place, and only then named by
/// <c>latest</c>; a crash at any point leaves the previous checkpoint as the one that loads.
/// </summary>
public sealed class CheckpointStore
{
    private const string LatestFile = "latest";
    private const string TempPrefix = "checkpoint-tmp-";
    private const string ModelFile = "model" + TensorFile.Extension;
    private const string OptimizerFile = "optimizer.bin";
    private const string StateFile = "trainer.json";
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private readonly int _keep;

    public CheckpointStore(string directory, int keep = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        Root = Path.GetFullPath(directory);
        _keep = keep;
    }

    /// <summary>The directory that holds the checkpoints and the <c>latest</c> pointer.</summary>
    public string Root { get; }

    /// <summary>Called with a stage name (a file just written, "renamed") during a save; tests throw from it to simulate a crash.</summary>
    internal Action<string>? FaultInjection { get; set; }

    /// <summary>The newest complete checkpoint, or null when none has been written.</summary>
    public string? LatestPath
    {
        get
        {
            var pointer = Path.Combine(Root, LatestFile);
            if (!File.Exists(pointer)) return null;
            var path = Path.Combine(Root, File.ReadAllText(pointer).Trim());
            return Directory.Exists(path) ? path : throw new InvalidDataException($"{pointer} names a missing checkpoint ({path}).");
        }
    }

    /// <summary>Writes a checkpoint of the model's trainable parameters and the optimizer; returns its directory.</summary>
    public string Save(nn.Module model, OptimizerHelper optimizer, CheckpointState state)
    {
        Directory.CreateDirectory(Root);
        RemoveAbandonedWrites();
        var name = $"step-{state.Step.ToString("D8", CultureInfo.InvariantCulture)}";
        var final = Path.Combine(Root, name);
        if (Directory.Exists(final))
        {
            // A checkpoint for this step that is already the latest holds this very state (no step ran since it
            // was written or loaded); one that is not was renamed into place by a save that crashed before
            // committing, and is replaced.
            if (LatestPath == final) return final;
            Directory.Delete(final, recursive: true);
        }

        var temp = Path.Combine(Root, TempPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        TensorFile.Save(Path.Combine(temp, ModelFile), TrainableParameters(model));
        FaultInjection?.Invoke(ModelFile);
        WriteDurably(Path.Combine(temp, OptimizerFile), stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            optimizer.save_state_dict(writer);
        });
        FaultInjection?.Invoke(OptimizerFile);
        WriteDurably(Path.Combine(temp, StateFile), stream => JsonSerializer.Serialize(stream, state, JsonOptions));
        FaultInjection?.Invoke(StateFile);

        Directory.Move(temp, final);
        FaultInjection?.Invoke("renamed");
        // rename(2) over the old pointer is atomic: readers see the old name or the new one, never a torn file.
        var pointerTemp = Path.Combine(Root, LatestFile + ".tmp");
        File.Delete(pointerTemp);
        WriteDurably(pointerTemp, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(name)));
        File.Move(pointerTemp, Path.Combine(Root, LatestFile), overwrite: true);

        RemoveOldCheckpoints(name);
        return final;
    }

    /// <summary>
    /// Loads the latest checkpoint into the model's trainable parameters and the optimizer (built over the same
    /// parameters, in the same order); returns the trainer state, or null when there is no checkpoint.
    /// </summary>
    public CheckpointState? TryRestoreLatest(nn.Module model, OptimizerHelper optimizer) =>
        LatestPath is { } path ? Restore(path, model, optimizer) : null;

    public static CheckpointState Restore(string path, nn.Module model, OptimizerHelper optimizer)
    {
        var state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(path, StateFile)))
                    ?? throw new InvalidDataException($"{path}/{StateFile} is empty.");
        var saved = TensorFile.Load(Path.Combine(path, ModelFile));
        try
        {
            var parameters = TrainableParameters(model);
            var missing = parameters.Keys.Except(saved.Keys).ToArray();
            var unexpected = saved.Keys.Except(parameters.Keys).ToArray();
            if (missing.Length > 0 || unexpected.Length > 0)
                throw new InvalidDataException($"Checkpoint {path} does not match the model's trainable parameters " +
                    $"(missing: {string.Join(", ", missing.Take(3))}; unexpected: {string.Join(", ", unexpected.Take(3))}).");
            using (no_grad())
            {
                foreach (var (key, parameter) in parameters)
                {
                    if (!parameter.shape.SequenceEqual(saved[key].shape))
                        throw new InvalidDataException($"Checkpoint {path}: {key} has shape [{string.Join(",", saved[key].shape)}], the model [{string.Join(",", parameter.shape)}].");
                    parameter.copy_(saved[key]);
                }
            }
        }
        finally
        {
            foreach (var tensor in saved.Values) tensor.Dispose();
        }
        using (var stream = File.OpenRead(Path.Combine(path, OptimizerFile)))
        using (var reader = new BinaryReader(stream))
        {
            optimizer.load_state_dict(reader);
        }
        return state;
    }

    /// <summary>The parameters a checkpoint holds: those that train. Frozen ones come from the base model the caller loads.</summary>
    internal static Dictionary<string, Tensor> TrainableParameters(nn.Module model) =>
        model.named_parameters().Where(p => p.parameter.requires_grad).ToDictionary(p => p.name, p => (Tensor)p.parameter);

    private static void WriteDurably(string path, Action<Stream> write)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        write(stream);
        stream.Flush(flushToDisk: true);
    }

    private void RemoveAbandonedWrites()
    {
        foreach (var temp in Directory.EnumerateDirectories(Root, TempPrefix + "*"))
            Directory.Delete(temp, recursive: true);
    }

    private void RemoveOldCheckpoints(string newest)
    {
        var old = Directory.EnumerateDirectories(Root, "step-*")
            .Select(Path.GetFileName)
            .Where(n => n != newest)
            .OrderDescending(StringComparer.Ordinal)
            .Skip(_keep - 1);
        foreach (var name in old) Directory.Delete(Path.Combine(Root, name!), recursive: true);
    }
}
