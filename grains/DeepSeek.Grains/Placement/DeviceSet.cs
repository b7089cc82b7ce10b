namespace DeepSeek.Grains.Placement;

/// <summary>
/// An immutable set of devices indexed the way placement asks: by session cached, by model loaded, and
/// largest memory first (so the devices that can hold a model are a prefix). Built once per directory
/// refresh, so a decision costs a few lookups instead of a scan.
/// </summary>
public sealed class DeviceSet
{
    public static DeviceSet Empty { get; } = new([]);

    private readonly DeviceCandidate[] _byMemory;
    private readonly Dictionary<string, DeviceCandidate[]> _bySession;
    private readonly Dictionary<string, DeviceCandidate[]> _byModel;

    public DeviceSet(IEnumerable<(DeviceCandidate Device, IEnumerable<string> Sessions)> devices)
    {
        var all = devices.ToList();
        _byMemory = all.Select(d => d.Device).OrderByDescending(d => Memory(d)).ThenBy(d => d.Worker, StringComparer.Ordinal).ToArray();
        _bySession = all.SelectMany(d => d.Sessions.Select(s => (Session: s, d.Device)))
            .GroupBy(p => p.Session, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Device).ToArray(), StringComparer.Ordinal);
        _byModel = _byMemory.SelectMany(d => d.LoadedModels.Select(m => (Model: m, Device: d)))
            .GroupBy(p => p.Model, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Device).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Every device, largest memory first.</summary>
    public IReadOnlyList<DeviceCandidate> Devices => _byMemory;

    public IReadOnlyList<DeviceCandidate> HoldingSession(string session) => _bySession.GetValueOrDefault(session) ?? [];

    public IReadOnlyList<DeviceCandidate> HoldingModel(string model) => _byModel.GetValueOrDefault(model) ?? [];

    /// <summary>How many devices, from the start of <see cref="Devices"/>, have memory for <paramref name="bytes"/>.</summary>
    public int CountFitting(long bytes)
    {
        int low = 0, high = _byMemory.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (Memory(_byMemory[middle]) >= bytes) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    private static long Memory(DeviceCandidate device) => device.MemoryBytes <= 0 ? long.MaxValue : device.MemoryBytes;
}
