using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeepSeek.Models.Weights;

/// <summary>
/// A sharded checkpoint's <c>model.safetensors.index.json</c>: which shard file holds each tensor, and the
/// total tensor bytes (<c>metadata.total_size</c>).
/// </summary>
public sealed record SafeTensorsIndex(IReadOnlyDictionary<string, string> WeightMap, long TotalSize)
{
    /// <summary>The index file name Hugging Face uses.</summary>
    public const string FileName = "model.safetensors.index.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Reads and validates an index; shard names must be plain file names in the index's folder.</summary>
    public static SafeTensorsIndex Read(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}': not valid JSON: {e.Message}", e);
        }
        if (root is not JsonObject rootObject || rootObject["weight_map"] is not JsonObject map)
        {
            throw new InvalidDataException($"'{path}': expected an object with a 'weight_map' object.");
        }

        var weightMap = new Dictionary<string, string>(map.Count);
        foreach (var (key, value) in map)
        {
            if (value is not JsonValue shard || !shard.TryGetValue<string>(out var shardName) || !IsPlainFileName(shardName))
            {
                throw new InvalidDataException($"'{path}': tensor '{key}' maps to {value?.ToJsonString() ?? "null"}, not a file name in the same folder.");
            }
            weightMap[key] = shardName;
        }

        long totalSize = 0;
        if (rootObject["metadata"] is JsonObject metadata && metadata["total_size"] is JsonValue total)
        {
            // Some writers store total_size as a float; the value is informational, so accept either.
            totalSize = total.TryGetValue<long>(out var asLong) ? asLong
                : total.TryGetValue<double>(out var asDouble) ? (long)asDouble : 0;
        }
        return new SafeTensorsIndex(weightMap, totalSize);
    }

    /// <summary>Writes the index atomically, keys sorted as Hugging Face writes them.</summary>
    public void Write(string path)
    {
        var map = new JsonObject();
        foreach (var (key, shard) in WeightMap.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            map[key] = shard;
        }
        var root = new JsonObject
        {
            ["metadata"] = new JsonObject { ["total_size"] = TotalSize },
            ["weight_map"] = map,
        };
        var bytes = System.Text.Encoding.UTF8.GetBytes(root.ToJsonString(Indented) + "\n");
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    // A map entry like "../x" would read outside the checkpoint folder.
    private static bool IsPlainFileName(string name) =>
        name.Length > 0 && name != "." && name != ".." && Path.GetFileName(name) == name && name.IndexOfAny(['/', '\\']) < 0;
}
