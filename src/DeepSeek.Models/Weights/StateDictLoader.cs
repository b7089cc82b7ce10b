using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepSeek.Models.Weights;

/// <summary>
/// Loads safetensors checkpoints into a module by its <c>state_dict()</c> names (the Hugging Face key names when
/// the module's fields carry them) and saves a module back the same way.
/// </summary>
public static class StateDictLoader
{
    // Error messages list this many keys of each kind; a wrong model class can mismatch hundreds.
    private const int KeysShown = 10;

    /// <summary>
    /// Copies a checkpoint (a folder with <c>model.safetensors</c> or a sharded index, or a file) into the module's
    /// existing tensors, which keep their dtype and device: a bf16 checkpoint fills an fp32 model. Keys and
    /// shapes are all checked before anything is copied; a mismatch throws <see cref="StateDictMismatchException"/>
    /// (missing and unexpected keys only when <see cref="StateDictLoadOptions.Strict"/>; shapes always).
    /// </summary>
    public static StateDictLoadResult Load(nn.Module module, string path, StateDictLoadOptions? options = null)
    {
        options ??= StateDictLoadOptions.Default;
        var ignore = options.IgnoreKey ?? (_ => false);
        // state_dict() returns the module's own parameter and buffer objects: copying into them updates the model,
        // and they must not be disposed here.
        var target = module.state_dict();
        using var checkpoint = SafeTensorsCheckpoint.Open(path);

        var missing = target.Keys.Where(k => !ignore(k) && !checkpoint.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var unexpected = checkpoint.Keys.Where(k => !ignore(k) && !target.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var toLoad = target.Keys.Where(k => !ignore(k) && checkpoint.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var wrongShape = toLoad.Where(k => !target[k].shape.SequenceEqual(checkpoint.GetInfo(k).Shape)).ToList();

        if (wrongShape.Count > 0 || (options.Strict && (missing.Count > 0 || unexpected.Count > 0)))
        {
            throw Mismatch(checkpoint, target, options.Strict ? missing : [], options.Strict ? unexpected : [], wrongShape);
        }

        using (torch.no_grad())
        {
            // File then offset order, so each shard is read front to back.
            foreach (var key in toLoad.OrderBy(checkpoint.FileOf, StringComparer.Ordinal).ThenBy(k => checkpoint.GetInfo(k).Offset))
            {
                // One tensor at a time, freed right after the copy: peak memory is the model plus its largest tensor.
                using var scope = torch.NewDisposeScope();
                target[key].copy_(checkpoint.Read(key));
            }
        }
        return new StateDictLoadResult(toLoad, missing, unexpected);
    }

    /// <summary>
    /// Saves the module's state dict to a folder as <c>model.safetensors</c>, or as shards plus an index when it
    /// exceeds <paramref name="maxShardBytes"/>. Tensors are written in their own dtype.
    /// </summary>
    public static void Save(nn.Module module, string directory,
        long maxShardBytes = SafeTensorsCheckpoint.DefaultMaxShardBytes, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafeTensorsCheckpoint.Save(directory, module.state_dict(), maxShardBytes, metadata);

    private static StateDictMismatchException Mismatch(SafeTensorsCheckpoint checkpoint, Dictionary<string, Tensor> target,
        List<string> missing, List<string> unexpected, List<string> wrongShape)
    {
        var message = new StringBuilder($"Checkpoint '{checkpoint.Source}' does not fit the module.");
        if (missing.Count > 0)
        {
            message.Append($" {missing.Count} missing key(s) (the module has them, the checkpoint does not): ");
            AppendList(message, missing, k => k);
            message.Append('.');
        }
        if (unexpected.Count > 0)
        {
            message.Append($" {unexpected.Count} unexpected key(s) (in the checkpoint, not in the module): ");
            AppendList(message, unexpected, k => $"{k} (in {Path.GetFileName(checkpoint.FileOf(k))})");
            message.Append('.');
        }
        if (wrongShape.Count > 0)
        {
            message.Append($" {wrongShape.Count} shape mismatch(es): ");
            AppendList(message, wrongShape, k =>
                $"{k}: module expects {SafeTensorInfo.FormatShape(target[k].shape)}, " +
                $"{Path.GetFileName(checkpoint.FileOf(k))} has {checkpoint.GetInfo(k).ShapeText}");
            message.Append('.');
        }
        return new StateDictMismatchException(message.ToString(), missing, unexpected, wrongShape);
    }

    private static void AppendList(StringBuilder message, List<string> keys, Func<string, string> describe)
    {
        message.AppendJoin(", ", keys.Take(KeysShown).Select(describe));
        if (keys.Count > KeysShown)
        {
            message.Append($" ... and {keys.Count - KeysShown} more");
        }
    }
}
