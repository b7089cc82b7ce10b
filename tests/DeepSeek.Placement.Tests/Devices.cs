using System.Net;
using DeepSeek.Grains.Placement;

namespace DeepSeek.Placement.Tests;

/// <summary>Synthetic silos and devices for scoring tests.</summary>
internal static class Devices
{
    public const long GiB = 1L << 30;

    public static SiloAddress Silo(int n) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11000 + n), 1);

    public static DeviceCandidate Device(int silo, int index, int requests = 0, long memory = 80 * GiB, string[]? models = null,
        int slots = 16, long freshUntil = long.MaxValue) => new()
    {
        Silo = Silo(silo),
        Worker = $"node{silo}/{index}",
        DeviceIndex = index,
        MemoryBytes = memory,
        LoadedModels = (models ?? []).ToHashSet(),
        Requests = requests,
        BatchSlots = slots,
        FreshUntil = freshUntil,
    };

    public static DeviceSet Set(params DeviceCandidate[] devices) => new(devices.Select(d => (d, (IEnumerable<string>)[])));

    public static DeviceSet Set(IEnumerable<(DeviceCandidate Device, string[] Sessions)> devices) =>
        new(devices.Select(d => (d.Device, (IEnumerable<string>)d.Sessions)));
}
