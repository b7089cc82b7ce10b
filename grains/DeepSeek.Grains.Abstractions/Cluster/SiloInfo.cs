namespace DeepSeek.Grains.Cluster;

/// <summary>One silo as membership and its metadata describe it.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.silo-info")]
public sealed record SiloInfo
{
    [Id(0)] public required string Address { get; init; }
    [Id(1)] public string Name { get; init; } = "";

    /// <summary>Membership status: joining, active, shutting_down, dead.</summary>
    [Id(2)] public string Status { get; init; } = "";
    [Id(3)] public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Node name of its devices (worker keys start with it).</summary>
    [Id(4)] public string? Node { get; init; }
    [Id(5)] public int Devices { get; init; }
}
