namespace DeepSeek.Grains.Placement;

/// <summary>
/// Power of two choices: look at two random eligible devices and take the lighter. Almost as good as
/// asking every device, but many silos deciding at once from the same slightly old table do not all
/// pick the one device that looked emptiest.
/// </summary>
public static class PowerOfTwoChoices
{
    private const int Probes = 8;

    /// <summary>
    /// Chooses among the first <paramref name="count"/> devices. A device without <paramref name="model"/>
    /// counts <paramref name="coldPenalty"/> busier (it must load the weights first); ties go to one that holds it.
    /// </summary>
    public static DeviceCandidate? Choose(IReadOnlyList<DeviceCandidate> devices, int count, DeviceFilter filter, string? model = null,
        double coldPenalty = 0)
    {
        if (count == 0) return null;
        DeviceCandidate? first = null, second = null;
        // Random probes find two eligible devices at once when most are; a scan covers the rest.
        for (var probe = 0; probe < Probes && second is null; probe++)
        {
            var device = devices[Random.Shared.Next(count)];
            if (!filter.Accepts(device) || ReferenceEquals(device, first)) continue;
            if (first is null) first = device;
            else second = device;
        }
        if (second is null)
        {
            var eligible = new List<DeviceCandidate>();
            for (var i = 0; i < count; i++)
            {
                if (filter.Accepts(devices[i])) eligible.Add(devices[i]);
            }
            if (eligible.Count <= 1) return eligible.FirstOrDefault();
            var a = Random.Shared.Next(eligible.Count);
            var b = (a + 1 + Random.Shared.Next(eligible.Count - 1)) % eligible.Count;
            (first, second) = (eligible[a], eligible[b]);
        }
        return Lighter(first!, second, model, coldPenalty);
    }

    /// <summary>The less loaded device, counting the cold penalty; on a tie, the one holding the model.</summary>
    public static DeviceCandidate Lighter(DeviceCandidate a, DeviceCandidate b, string? model = null, double coldPenalty = 0)
    {
        var (loadA, loadB) = (Cost(a, model, coldPenalty), Cost(b, model, coldPenalty));
        if (loadA != loadB) return loadA < loadB ? a : b;
        return !a.Holds(model) && b.Holds(model) ? b : a;
    }

    private static double Cost(DeviceCandidate device, string? model, double coldPenalty) =>
        device.Load + (model is null || device.Holds(model) ? 0 : coldPenalty);
}
