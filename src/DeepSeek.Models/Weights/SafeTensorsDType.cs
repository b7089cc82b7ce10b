using static TorchSharp.torch;

namespace DeepSeek.Models.Weights;

/// <summary>Maps safetensors dtype names (<c>"BF16"</c>, <c>"I64"</c>, ...) to TorchSharp scalar types.</summary>
public static class SafeTensorsDType
{
    private static readonly (string Name, ScalarType Type)[] Known =
    [
        ("F64", ScalarType.Float64),
        ("F32", ScalarType.Float32),
        ("F16", ScalarType.Float16),
        ("BF16", ScalarType.BFloat16),
        ("I64", ScalarType.Int64),
        ("I32", ScalarType.Int32),
        ("I16", ScalarType.Int16),
        ("I8", ScalarType.Int8),
        ("U8", ScalarType.Byte),
        ("BOOL", ScalarType.Bool),
    ];

    /// <summary>The scalar type for a safetensors dtype name, or false when it has no TorchSharp equivalent here.</summary>
    public static bool TryParse(string name, out ScalarType type)
    {
        foreach (var (knownName, knownType) in Known)
        {
            if (knownName == name)
            {
                type = knownType;
                return true;
            }
        }
        type = default;
        return false;
    }

    /// <summary>The safetensors name of a scalar type; throws for types the format cannot hold (complex, ...).</summary>
    public static string NameOf(ScalarType type)
    {
        foreach (var (knownName, knownType) in Known)
        {
            if (knownType == type)
            {
                return knownName;
            }
        }
        throw new NotSupportedException($"safetensors has no dtype for {type}.");
    }

    /// <summary>Bytes per element.</summary>
    public static int ItemSize(ScalarType type) => type switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        _ => throw new NotSupportedException($"safetensors has no dtype for {type}."),
    };

    /// <summary>Whether the type is a floating type (the ones a load may convert to the model's dtype).</summary>
    public static bool IsFloating(ScalarType type) =>
        type is ScalarType.Float64 or ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16;
}
