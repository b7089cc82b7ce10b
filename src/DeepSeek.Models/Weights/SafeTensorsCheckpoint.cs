using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace DeepSeek.Models.Weights;

/// <summary>
/// The weights of a model folder as one key space: a single <c>model.safetensors</c>, or the shards listed by
/// <c>model.safetensors.index.json</c>. Every file is opened (and its header checked) up front; tensor data
/// is read only when asked for.
/// </summary>
public sealed partial class SafeTensorsCheckpoint : IDisposable
{
    /// <summary>The single-file name Hugging Face uses.</summary>
    public const string SingleFileName = "model.safetensors";

    /// <summary>Hugging Face's default <c>max_shard_size</c> ("5GB", decimal).</summary>
    public const long DefaultMaxShardBytes = 5_000_000_000;

    private readonly List<SafeTensorsFile> _files;
    private readonly Dictionary<string, SafeTensorsFile> _owners;

    private SafeTensorsCheckpoint(string source, List<SafeTensorsFile> files, Dictionary<string, SafeTensorsFile> owners)
    {
        Source = source;
        _files = files;
        _owners = owners;
    }

    /// <summary>The file the checkpoint was opened from: the single file or the index.</summary>
    public string Source { get; }

    /// <summary>Every tensor name.</summary>
    public IReadOnlyCollection<string> Keys => _owners.Keys;

    /// <summary>
    /// Opens a model folder (preferring <c>model.safetensors</c> over an index, as <c>transformers</c> does),
    /// or a <c>.safetensors</c> file, or an index file given by path.
    /// </summary>
    public static SafeTensorsCheckpoint Open(string path)
    {
        if (Directory.Exists(path))
        {
            var single = Path.Combine(path, SingleFileName);
            var index = Path.Combine(path, SafeTensorsIndex.FileName);
            if (File.Exists(single))
            {
                return OpenSingle(single);
            }
            if (File.Exists(index))
            {
                return OpenSharded(index);
            }
            throw new FileNotFoundException($"'{path}' has neither {SingleFileName} nor {SafeTensorsIndex.FileName}.");
        }
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? OpenSharded(path) : OpenSingle(path);
    }

    /// <summary>Whether the checkpoint has a tensor of that name.</summary>
    public bool Contains(string name) => _owners.ContainsKey(name);

    /// <summary>The header entry of a tensor.</summary>
    public SafeTensorInfo GetInfo(string name) => OwnerOf(name).Tensors[name];

    /// <summary>The file that holds a tensor.</summary>
    public string FileOf(string name) => OwnerOf(name).Path;

    /// <summary>Reads one tensor (see <see cref="SafeTensorsFile.Read"/>); the caller owns the result.</summary>
    public Tensor Read(string name, ScalarType? floatDType = null) => OwnerOf(name).Read(name, floatDType);

    /// <summary>
    /// Writes tensors to <paramref name="directory"/>: one <c>model.safetensors</c> when they fit in
    /// <paramref name="maxShardBytes"/>, otherwise <c>model-00001-of-0000N.safetensors</c> shards (keys in sorted
    /// order, a tensor larger than the limit alone in its shard) plus the index. Files of the other layout left
    /// by an earlier save are removed afterwards, so the folder never mixes two checkpoints.
    /// </summary>
    public static void Save(string directory, IReadOnlyDictionary<string, Tensor> tensors,
        long maxShardBytes = DefaultMaxShardBytes, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxShardBytes);
        Directory.CreateDirectory(directory);

        var shards = new List<Dictionary<string, Tensor>>();
        long shardBytes = 0;
        foreach (var (name, tensor) in tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var length = SafeTensors.ByteLength(tensor);
            if (shards.Count == 0 || (shardBytes > 0 && shardBytes + length > maxShardBytes))
            {
                shards.Add([]);
                shardBytes = 0;
            }
            shards[^1].Add(name, tensor);
            shardBytes += length;
        }

        var single = Path.Combine(directory, SingleFileName);
        var index = Path.Combine(directory, SafeTensorsIndex.FileName);
        if (shards.Count <= 1)
        {
            SafeTensors.Save(single, shards.Count == 0 ? new Dictionary<string, Tensor>() : shards[0], metadata);
            File.Delete(index);
            DeleteShardsExcept(directory, []);
            return;
        }

        var weightMap = new Dictionary<string, string>();
        var written = new HashSet<string>();
        long totalSize = 0;
        for (var i = 0; i < shards.Count; i++)
        {
            var shardName = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
            SafeTensors.Save(Path.Combine(directory, shardName), shards[i], metadata);
            written.Add(shardName);
            foreach (var (name, tensor) in shards[i])
            {
                weightMap[name] = shardName;
                totalSize += SafeTensors.ByteLength(tensor);
            }
        }
        // The index goes last: until it is replaced, a reader still sees the previous checkpoint.
        new SafeTensorsIndex(weightMap, totalSize).Write(index);
        File.Delete(single);
        DeleteShardsExcept(directory, written);
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }

    private static SafeTensorsCheckpoint OpenSingle(string path)
    {
        var file = SafeTensorsFile.Open(path);
        return new SafeTensorsCheckpoint(path, [file], file.Tensors.Keys.ToDictionary(k => k, _ => file));
    }

    private static SafeTensorsCheckpoint OpenSharded(string indexPath)
    {
        var index = SafeTensorsIndex.Read(indexPath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(indexPath))!;
        var files = new List<SafeTensorsFile>();
        try
        {
            var byName = new Dictionary<string, SafeTensorsFile>();
            foreach (var shardName in index.WeightMap.Values.Distinct().Order(StringComparer.Ordinal))
            {
                var shardPath = Path.Combine(folder, shardName);
                if (!File.Exists(shardPath))
                {
                    throw new InvalidDataException($"'{indexPath}' lists shard '{shardName}', which does not exist.");
                }
                var shard = SafeTensorsFile.Open(shardPath);
                files.Add(shard);
                byName[shardName] = shard;
            }

            // The index is authoritative: tensors a shard holds but the index does not list are not part of the model.
            var owners = new Dictionary<string, SafeTensorsFile>(index.WeightMap.Count);
            foreach (var (key, shardName) in index.WeightMap)
            {
                var shard = byName[shardName];
                if (!shard.Tensors.ContainsKey(key))
                {
                    throw new InvalidDataException($"'{indexPath}' maps tensor '{key}' to '{shardName}', which does not contain it.");
                }
                owners[key] = shard;
            }
            return new SafeTensorsCheckpoint(indexPath, files, owners);
        }
        catch
        {
            foreach (var file in files)
            {
                file.Dispose();
            }
            throw;
        }
    }

    private SafeTensorsFile OwnerOf(string name) =>
        _owners.TryGetValue(name, out var file) ? file : throw new KeyNotFoundException($"'{Source}' has no tensor '{name}'.");

    private static void DeleteShardsExcept(string directory, HashSet<string> keep)
    {
        foreach (var path in Directory.EnumerateFiles(directory, "model-*-of-*.safetensors"))
        {
            var name = Path.GetFileName(path);
            if (ShardName().IsMatch(name) && !keep.Contains(name))
            {
                File.Delete(path);
            }
        }
    }

    [GeneratedRegex(@"^model-\d{5}-of-\d{5}\.safetensors$")]
    private static partial Regex ShardName();
}
