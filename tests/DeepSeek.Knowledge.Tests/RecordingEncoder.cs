using System.Collections.Concurrent;
using DeepSeek.Knowledge.Embeddings;

namespace DeepSeek.Knowledge.Tests;

/// <summary>
/// A fake batch encoder that records each call (batch size, thread) and can be held at a gate,
/// so tests can pile requests up behind a running batch. Each text's vector encodes its hash.
/// </summary>
internal sealed class RecordingEncoder : IBatchEncoder
{
    private readonly ManualResetEventSlim? _gate;
    private int _calls;

    public RecordingEncoder(TimeSpan delay = default, bool gated = false)
    {
        Delay = delay;
        if (gated) _gate = new ManualResetEventSlim(false);
    }

    public string Name => "recording-fake";

    public int Dimension => 4;

    public TimeSpan Delay { get; }

    public int Calls => Volatile.Read(ref _calls);

    public ConcurrentQueue<int> BatchSizes { get; } = new();

    public ConcurrentQueue<string?> ThreadNames { get; } = new();

    /// <summary>Signalled when a call starts, so a test knows a batch is in flight.</summary>
    public SemaphoreSlim Started { get; } = new(0);

    /// <summary>A text that makes the whole call throw.</summary>
    public string? Poison { get; init; }

    public void Open() => _gate?.Set();

    public float[][] Encode(string[] texts, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        BatchSizes.Enqueue(texts.Length);
        ThreadNames.Enqueue(Thread.CurrentThread.Name);
        Started.Release();
        _gate?.Wait(cancellationToken);
        if (Delay > TimeSpan.Zero) Thread.Sleep(Delay);
        if (Poison is not null && texts.Contains(Poison)) throw new InvalidOperationException("poisoned batch");
        return [.. texts.Select(VectorFor)];
    }

    public static float[] VectorFor(string text)
    {
        var hash = StringComparer.Ordinal.GetHashCode(text);
        return [hash & 0xFF, (hash >> 8) & 0xFF, (hash >> 16) & 0xFF, text.Length];
    }
}
