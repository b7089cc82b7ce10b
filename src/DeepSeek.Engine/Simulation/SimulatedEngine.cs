using System.Collections.Concurrent;
using DeepSeek.Tokenizers;

namespace DeepSeek.Engine.Simulation;

/// <summary>
/// A device without a model: continuous batching in virtual time, paced by <see cref="LatencyModel"/>.
/// Each loop turn either prefills newly admitted requests (stalling the batch, as engines without
/// chunked prefill do) or decodes one token for every running sequence. A finished sequence's tokens
/// stay in the KV cache under its <see cref="GenerationRequest.PrefixKey"/> until space is needed
/// (least recently used first), so a session's next turn on the same device prefills only what is new.
/// Output is filler text from the tokenizer's own ids, so a conversation re-encodes to the same prefix.
/// </summary>
public sealed class SimulatedEngine : IGenerationEngine
{
    private const string Filler = "the quick brown fox jumps over the lazy dog ";

    private readonly SimulatedEngineOptions _options;
    private readonly (int Id, string Text)[] _filler;
    private readonly ConcurrentQueue<SimulatedSequence> _waiting = new();
    private readonly List<SimulatedSequence> _active = [];
    private readonly Dictionary<string, CachedPrefix> _prefixes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly DeviceTimeline _device;
    private readonly Task _loop;
    private long _kvUsed;
    private long _lruTick;
    private int _queueDepth;
    private int _activeCount;
    private long _waitingTokens;
    private long _activeTokens;
    private long _tokensGenerated;
    private long _requestsCompleted;
    private double _tokensPerSecond;
    private string[] _cachedKeys = [];

    public SimulatedEngine(ITokenizer tokenizer, SimulatedEngineOptions? options = null)
    {
        _options = options ?? new SimulatedEngineOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.KvCacheTokens, _options.MaxSequenceLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.TimeScale);
        _filler = tokenizer.Encode(Filler, parseSpecialTokens: false).Select(id => (id, tokenizer.Decode([id]))).ToArray();
        _device = _options.Timeline ?? new DeviceTimeline(_options.TimeScale);
        _loop = Task.Run(RunAsync);
    }

    public int MaxSequenceLength => _options.MaxSequenceLength;

    public EngineStatistics Statistics => new(
        Volatile.Read(ref _queueDepth), Volatile.Read(ref _activeCount), _options.MaxBatchSize,
        Interlocked.Read(ref _tokensGenerated), Interlocked.Read(ref _requestsCompleted), Volatile.Read(ref _tokensPerSecond))
    {
        TokensInFlight = Interlocked.Read(ref _activeTokens) + Interlocked.Read(ref _waitingTokens),
    };

    public IReadOnlyCollection<string> CachedPrefixKeys => Volatile.Read(ref _cachedKeys);

    public IAsyncEnumerable<GenerationChunk> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        request.Options.Validate();
        if (request.PromptIds.Count == 0) throw new ArgumentException("The prompt has no tokens.", nameof(request));
        if (request.PromptIds.Count >= MaxSequenceLength)
            throw new ArgumentException(
                $"The prompt has {request.PromptIds.Count} tokens; this model accepts at most {MaxSequenceLength - 1} prompt tokens.", nameof(request));
        if (Interlocked.Increment(ref _queueDepth) > _options.MaxQueueLength)
        {
            Interlocked.Decrement(ref _queueDepth);
            throw new EngineOverloadedException($"The engine queue is full ({_options.MaxQueueLength} waiting requests); retry later.");
        }
        var sequence = new SimulatedSequence(request, Math.Min(request.Options.MaxTokens, MaxSequenceLength - request.PromptIds.Count), cancellationToken);
        Interlocked.Add(ref _waitingTokens, request.PromptIds.Count);
        sequence.CancellationToken.Register(Wake);
        _waiting.Enqueue(sequence);
        Wake();
        return Read(sequence);
    }

    private void Wake()
    {
        try { _wake.Release(); }
        catch (ObjectDisposedException) { }
    }

    private async IAsyncEnumerable<GenerationChunk> Read(SimulatedSequence sequence)
    {
        try
        {
            await foreach (var chunk in sequence.Output.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                yield return chunk;
        }
        finally
        {
            // A reader that leaves early frees the sequence's slot.
            if (!sequence.Finished) sequence.Abandon();
        }
    }

    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                if (_active.Count == 0 && _waiting.IsEmpty)
                {
                    await _wake.WaitAsync(stopping).ConfigureAwait(false);
                    _device.Resume();
                    continue;
                }
                DropCancelled();
                var admitted = Admit(out var prefillTokens);
                if (admitted.Count > 0)
                {
                    await _device.RunAsync(_options.Latency.PrefillMs(prefillTokens), stopping).ConfigureAwait(false);
                    foreach (var sequence in admitted) Emit(sequence);
                    _active.AddRange(admitted);
                }
                else if (_active.Count > 0)
                {
                    var stepMs = _options.Latency.DecodeStepMs(_active.Count);
                    await _device.RunAsync(stepMs, stopping).ConfigureAwait(false);
                    foreach (var sequence in _active) Emit(sequence);
                    var rate = _active.Count / (stepMs / 1000);
                    Volatile.Write(ref _tokensPerSecond, _tokensPerSecond == 0 ? rate : 0.9 * _tokensPerSecond + 0.1 * rate);
                }
                else
                {
                    // Waiting requests that only cancelled sequences held back: look again when something changes.
                    await _wake.WaitAsync(TimeSpan.FromMilliseconds(10), stopping).ConfigureAwait(false);
                }
                Retire();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        foreach (var sequence in _active) sequence.Cancel();
        while (_waiting.TryDequeue(out var waiting)) waiting.Cancel();
    }

    private void DropCancelled()
    {
        foreach (var sequence in _active.Where(s => s.CancellationToken.IsCancellationRequested)) sequence.Cancel();
        Retire();
    }

    /// <summary>Admits waiting requests in order while there is a batch slot and KV room for prompt plus completion.</summary>
    private List<SimulatedSequence> Admit(out int prefillTokens)
    {
        var admitted = new List<SimulatedSequence>();
        prefillTokens = 0;
        while (_active.Count + admitted.Count < _options.MaxBatchSize && _waiting.TryPeek(out var next))
        {
            if (next.CancellationToken.IsCancellationRequested)
            {
                Dequeue(next);
                next.Cancel();
                Interlocked.Increment(ref _requestsCompleted);
                continue;
            }
            var key = next.Request.PrefixKey;
            var cached = key is not null && _prefixes.TryGetValue(key, out var prefix) ? prefix : null;
            var need = next.Request.PromptIds.Count + next.MaxNewTokens;
            while (_kvUsed - (cached?.Tokens.Length ?? 0) + need > _options.KvCacheTokens && EvictLeastRecent(except: key)) { }
            if (_kvUsed - (cached?.Tokens.Length ?? 0) + need > _options.KvCacheTokens) break; // wait for running sequences to finish
            Dequeue(next);
            if (cached is not null)
            {
                // The session's cache becomes this sequence's: the common prefix need not be computed again
                // (the last prompt position always is, to produce the first token).
                _prefixes.Remove(key!);
                _kvUsed -= cached.Tokens.Length;
                next.CachedTokens = Math.Min(CommonPrefix(cached.Tokens, next.Request.PromptIds), next.Request.PromptIds.Count - 1);
            }
            _kvUsed += need;
            Interlocked.Add(ref _activeTokens, next.Request.PromptIds.Count);
            prefillTokens += next.Request.PromptIds.Count - next.CachedTokens;
            admitted.Add(next);
        }
        if (admitted.Count > 0) PublishKeys(admitted);
        return admitted;
    }

    private void Dequeue(SimulatedSequence sequence)
    {
        _waiting.TryDequeue(out _);
        Interlocked.Decrement(ref _queueDepth);
        Interlocked.Add(ref _waitingTokens, -sequence.Request.PromptIds.Count);
    }

    private void Emit(SimulatedSequence sequence)
    {
        var (id, text) = _filler[sequence.Generated % _filler.Length];
        sequence.Accept(id, text);
        Interlocked.Increment(ref _tokensGenerated);
        Interlocked.Increment(ref _activeTokens);
    }

    /// <summary>Removes finished sequences; a session's tokens stay cached for its next turn.</summary>
    private void Retire()
    {
        var changed = false;
        for (var i = _active.Count - 1; i >= 0; i--)
        {
            var sequence = _active[i];
            if (!sequence.Finished) continue;
            _active.RemoveAt(i);
            changed = true;
            _kvUsed -= sequence.Request.PromptIds.Count + sequence.MaxNewTokens;
            Interlocked.Add(ref _activeTokens, -(sequence.Request.PromptIds.Count + sequence.Generated));
            Interlocked.Increment(ref _requestsCompleted);
            if (sequence.Request.PrefixKey is { } key && sequence.Completed)
            {
                _prefixes.Remove(key, out var stale);
                _kvUsed -= stale?.Tokens.Length ?? 0;
                var tokens = sequence.Request.PromptIds.Concat(sequence.GeneratedIds).ToArray();
                _prefixes[key] = new CachedPrefix(tokens, ++_lruTick);
                _kvUsed += tokens.Length;
                while (_kvUsed > _options.KvCacheTokens && EvictLeastRecent(except: null)) { }
            }
        }
        Volatile.Write(ref _activeCount, _active.Count);
        if (changed) PublishKeys([]);
    }

    private bool EvictLeastRecent(string? except)
    {
        string? victim = null;
        var oldest = long.MaxValue;
        foreach (var (key, prefix) in _prefixes)
        {
            if (key == except || prefix.LastUsed >= oldest) continue;
            victim = key;
            oldest = prefix.LastUsed;
        }
        if (victim is null) return false;
        _kvUsed -= _prefixes[victim].Tokens.Length;
        _prefixes.Remove(victim);
        PublishKeys([]);
        return true;
    }

    private void PublishKeys(List<SimulatedSequence> admitted)
    {
        var keys = _prefixes.Keys
            .Concat(_active.Concat(admitted).Select(s => s.Request.PrefixKey).OfType<string>())
            .Distinct(StringComparer.Ordinal).ToArray();
        Volatile.Write(ref _cachedKeys, keys);
    }

    private static int CommonPrefix(int[] cached, IReadOnlyList<int> prompt)
    {
        var length = Math.Min(cached.Length, prompt.Count);
        var i = 0;
        while (i < length && cached[i] == prompt[i]) i++;
        return i;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
        _wake.Dispose();
    }

    private sealed record CachedPrefix(int[] Tokens, long LastUsed);
}
