using DeepSeek.Grains.Placement;

namespace DeepSeek.Placement.Benchmarks;

/// <summary>The oracle's table: every device's exact, current load, read straight from every silo of this process.</summary>
internal sealed class LiveTable : IDeviceTable
{
    public static IReadOnlyList<LocalDeviceView> Silos { get; set; } = [];

    public DeviceSet Current => new(Silos.SelectMany(view => view.Snapshot().Devices).Select(d => (d, (IEnumerable<string>)[])));
}
