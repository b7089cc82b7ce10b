namespace DeepSeek.Grains.Events;

/// <summary>
/// The most recent event ids seen, up to a bound: enough to recognise a redelivery, which arrives close
/// behind the original. Not thread-safe (callers hold a lock or run in a grain).
/// </summary>
internal sealed class RecentEventIds(int capacity, int initialCapacity = 0)
{
    private readonly HashSet<Guid> _seen = new(initialCapacity);
    private readonly Queue<Guid> _order = new(initialCapacity);

    /// <summary>True the first time <paramref name="id"/> is seen among the last <c>capacity</c> ids.</summary>
    public bool Add(Guid id)
    {
        if (!_seen.Add(id)) return false;
        _order.Enqueue(id);
        if (_order.Count > capacity) _seen.Remove(_order.Dequeue());
        return true;
    }
}
