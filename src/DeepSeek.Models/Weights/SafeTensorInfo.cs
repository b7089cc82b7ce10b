using static TorchSharp.torch;

namespace DeepSeek.Models.Weights;

/// <summary>
/// One tensor's entry in a safetensors header. <see cref="Offset"/> counts from the start of the data
/// section (the byte after the header), as the format's <c>data_offsets</c> do.
/// </summary>
public sealed record SafeTensorInfo(string Name, ScalarType DType, IReadOnlyList<long> Shape, long Offset, long ByteLength)
{
    /// <summary>The shape written as <c>[2, 3]</c>, for error messages.</summary>
    public string ShapeText => FormatShape(Shape);

    internal static string FormatShape(IReadOnlyList<long> shape) => "[" + string.Join(", ", shape) + "]";
}
