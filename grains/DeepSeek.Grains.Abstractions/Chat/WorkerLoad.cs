namespace DeepSeek.Grains.Chat;

/// <summary>A worker's load report: what placement needs to know about one device.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.worker-load")]
public sealed record WorkerLoad
{
    /// <summary>The worker key, <c>node/device</c>.</summary>
    [Id(0)] public required string Worker { get; init; }
    [Id(1)] public required string Kind { get; init; }

    /// <summary>Requests waiting: for a batch slot or for their model to load.</summary>
    [Id(2)] public int QueueDepth { get; init; }
    [Id(3)] public int ActiveSequences { get; init; }
    [Id(4)] public double TokensPerSecond { get; init; }
    [Id(5)] public IReadOnlyList<string> LoadedModels { get; init; } = [];
    [Id(6)] public DateTimeOffset ReportedAt { get; init; }
    [Id(7)] public string Node { get; init; } = "";
    [Id(8)] public int DeviceIndex { get; init; }

    /// <summary>The silo that owns the device.</summary>
    [Id(9)] public SiloAddress? Silo { get; init; }

    /// <summary>Memory for model weights; 0 when unknown.</summary>
    [Id(10)] public long MemoryBytes { get; init; }
    [Id(11)] public long FreeMemoryBytes { get; init; }
    [Id(12)] public long TokensInFlight { get; init; }

    /// <summary>Sequences the device decodes together.</summary>
    [Id(13)] public int BatchSlots { get; init; }

    /// <summary>Sessions whose KV cache the device holds.</summary>
    [Id(14)] public IReadOnlyList<string> Sessions { get; init; } = [];

    /// <summary>Running sequences per batch slot (1 = full batch).</summary>
    public double Utilisation => BatchSlots == 0 ? 0 : (double)ActiveSequences / BatchSlots;
}
