using DeepSeek.Models.Weights;
using static TorchSharp.torch;

namespace DeepSeek.Training.Checkpoints;

/// <summary>
/// The one place that knows how named tensors are stored on disk: safetensors, the format Hugging Face
/// tools (and PEFT, for adapters) read, so a checkpoint or adapter written here opens anywhere.
/// </summary>
internal static class TensorFile
{
    public const string Extension = ".safetensors";

    /// <summary>Writes the tensors in key order, each in its own dtype, and forces them to disk before returning.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors) => SafeTensors.Save(path, tensors);

    /// <summary>Reads every tensor (on the CPU, in its stored dtype); the caller owns and disposes them.</summary>
    public static Dictionary<string, Tensor> Load(string path) => SafeTensors.Load(path);
}
