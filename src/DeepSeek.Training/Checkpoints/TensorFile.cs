using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepSeek.Training.Checkpoints;

/// <summary>
/// The one place that knows how named tensors are stored on disk, so checkpoints and adapters can move to
/// safetensors by changing this class alone. Today: a magic header, a count, then (name, tensor) pairs in
/// TorchSharp's own tensor encoding (dtype, shape, raw bytes).
/// </summary>
internal static class TensorFile
{
    public const string Extension = ".tensors";
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("DSTENSR1");

    /// <summary>Writes the tensors in key order and forces them to disk before returning.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(tensors.Count);
            foreach (var (name, tensor) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                writer.Write(name);
                using var cpu = tensor.detach().cpu().contiguous();
                cpu.Save(writer);
            }
        }
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Reads every tensor (on the CPU); the caller owns and disposes them.</summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException($"{path} is not a tensor file.");
        var count = reader.ReadInt32();
        var tensors = new Dictionary<string, Tensor>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            tensors[name] = TensorExtensionMethods.Load(reader);
        }
        return tensors;
    }
}
