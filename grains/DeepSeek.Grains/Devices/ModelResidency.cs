namespace DeepSeek.Grains.Devices;

/// <summary>
/// The models one device holds within its memory budget, in least-recently-used order. Making room
/// for a model evicts idle models, oldest first; a model with running or queued sequences stays.
/// A budget of 0 or less means unknown: everything fits. Not thread-safe (the owner locks).
/// </summary>
public sealed class ModelResidency(long capacityBytes)
{
    private readonly LinkedList<(string Model, long Bytes)> _order = new(); // oldest first

    public long CapacityBytes => capacityBytes;

    public long UsedBytes { get; private set; }

    public long FreeBytes => capacityBytes <= 0 ? long.MaxValue : Math.Max(0, capacityBytes - UsedBytes);

    /// <summary>Resident models, least recently used first.</summary>
    public IReadOnlyList<string> Models => _order.Select(e => e.Model).ToList();

    public bool CanEverHold(long bytes) => capacityBytes <= 0 || bytes <= capacityBytes;

    public bool Contains(string model) => Find(model) is not null;

    /// <summary>Marks a model as just used.</summary>
    public void Touch(string model)
    {
        if (Find(model) is not { } node) return;
        _order.Remove(node);
        _order.AddLast(node);
    }

    /// <summary>The models to evict so that <paramref name="bytes"/> more fit, oldest idle first; null when idle models cannot make enough room.</summary>
    public IReadOnlyList<string>? PlanEviction(long bytes, Func<string, bool> isIdle)
    {
        if (!CanEverHold(bytes)) return null;
        var victims = new List<string>();
        var free = FreeBytes;
        for (var node = _order.First; node is not null && free < bytes; node = node.Next)
        {
            if (!isIdle(node.Value.Model)) continue;
            victims.Add(node.Value.Model);
            free += node.Value.Bytes;
        }
        return free >= bytes ? victims : null;
    }

    public void Add(string model, long bytes)
    {
        if (Contains(model)) throw new InvalidOperationException($"Model '{model}' is already resident.");
        _order.AddLast((model, bytes));
        UsedBytes += bytes;
    }

    public void Remove(string model)
    {
        if (Find(model) is not { } node) return;
        _order.Remove(node);
        UsedBytes -= node.Value.Bytes;
    }

    private LinkedListNode<(string Model, long Bytes)>? Find(string model)
    {
        for (var node = _order.First; node is not null; node = node.Next)
        {
            if (node.Value.Model == model) return node;
        }
        return null;
    }
}
