namespace DeepSeek.Grains.Devices;

/// <summary>
/// Requests assigned to each local device and not finished (waiting for a model load, queued or
/// running). Every request to a device passes through a deep-learning grain of the same silo, so this
/// count is exact and current, unlike the load reports other silos see.
/// </summary>
public sealed class LocalDeviceLoad(IDeviceInventory devices)
{
    private readonly int[] _inFlight = new int[devices.Devices.Count == 0 ? 0 : devices.Devices.Max(d => d.Index) + 1];

    public int InFlight(int deviceIndex) => (uint)deviceIndex < (uint)_inFlight.Length ? Volatile.Read(ref _inFlight[deviceIndex]) : 0;

    /// <summary>Counts a request on a device until the returned lease is disposed.</summary>
    public Lease Track(int deviceIndex)
    {
        Interlocked.Increment(ref _inFlight[deviceIndex]);
        return new Lease(this, deviceIndex);
    }

    public readonly struct Lease(LocalDeviceLoad owner, int deviceIndex) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref owner._inFlight[deviceIndex]);
    }
}
