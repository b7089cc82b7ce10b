using DeepSeek.Grains.Devices;

namespace DeepSeek.Grains.Placement;

/// <summary>What every silo publishes about itself in Orleans silo metadata (static for the silo's life).</summary>
public static class SiloMetadataKeys
{
    /// <summary>The node name its workers' keys start with.</summary>
    public const string Node = "deepseek.node";

    /// <summary>Comma-separated roles.</summary>
    public const string Roles = "deepseek.roles";

    /// <summary>Its devices, <c>kind:memoryBytes</c> comma-separated in index order.</summary>
    public const string Devices = "deepseek.devices";

    public static Dictionary<string, string> Describe(string node, IEnumerable<string> roles, IEnumerable<ComputeDeviceInfo> devices) => new()
    {
        [Node] = node,
        [Roles] = string.Join(',', roles),
        [Devices] = string.Join(',', devices.OrderBy(d => d.Index).Select(d => $"{d.Kind}:{d.MemoryBytes}")),
    };

    public static IReadOnlyList<(string Kind, long MemoryBytes)> ParseDevices(string? value)
    {
        if (string.IsNullOrEmpty(value)) return [];
        return value.Split(',').Select(part => part.Split(':')).Where(p => p.Length == 2)
            .Select(p => (p[0], long.TryParse(p[1], out var bytes) ? bytes : 0)).ToList();
    }
}
