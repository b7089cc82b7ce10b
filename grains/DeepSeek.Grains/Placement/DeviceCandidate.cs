namespace DeepSeek.Grains.Placement;

/// <summary>A device as placement sees it: where it is, what it holds, how busy it was when last seen.</summary>
public sealed class DeviceCandidate
{
    private int _placed;

    public required SiloAddress Silo { get; init; }

    /// <summary>Worker key, <c>node/device</c>.</summary>
    public required string Worker { get; init; }

    public int DeviceIndex { get; init; }

    /// <summary>Memory for weights; 0 when unknown (anything fits).</summary>
    public long MemoryBytes { get; init; }

    public long FreeMemoryBytes { get; init; }

    public IReadOnlySet<string> LoadedModels { get; init; } = new HashSet<string>();

    /// <summary>Requests waiting or running on the device.</summary>
    public int Requests { get; init; }

    public int BatchSlots { get; init; } = 1;

    /// <summary>TimeProvider timestamp after which this view is stale.</summary>
    public long FreshUntil { get; init; } = long.MaxValue;

    /// <summary>Requests per batch slot, counting what this silo placed here since the view was taken.</summary>
    public double Load => (Requests + Volatile.Read(ref _placed)) / (double)Math.Max(1, BatchSlots);

    public bool CanHold(long bytes) => MemoryBytes <= 0 || bytes <= MemoryBytes;

    public bool Holds(string? model) => model is not null && LoadedModels.Contains(model);

    /// <summary>Counts a placement until the next view replaces this one, so a burst does not pile onto one device.</summary>
    public void AddPlaced() => Interlocked.Increment(ref _placed);

    public override string ToString() => $"{Worker} load {Load:0.##}";
}
