namespace DeepSeek.Grains.Placement;

/// <summary>Which devices may serve a request: fresh, big enough for the model, on a silo that may host the activation.</summary>
public readonly struct DeviceFilter(long now, long modelBytes, IReadOnlySet<SiloAddress>? silos = null, SiloAddress? excluded = null)
{
    public bool Accepts(DeviceCandidate device) =>
        device.FreshUntil > now
        && device.CanHold(modelBytes)
        && (silos is null || silos.Contains(device.Silo))
        && (excluded is null || !device.Silo.Equals(excluded));
}
