using System.Collections.Concurrent;
using System.Diagnostics;
using DeepSeek.Models;
using DeepSeek.Tokenizers;
using static TorchSharp.torch;

namespace DeepSeek.Engine;

/// <summary>
/// Continuous-batching generation over one model. A dedicated thread runs the loop: every step it
/// admits waiting requests into free cache slots (prefill), then decodes one token for every active
/// sequence in a single batched forward. Requests join and leave between any two steps; callers only
/// await channels, so no caller thread (or grain turn) ever runs model code.
/// </summary>
public sealed class BatchingEngine : IGenerationEngine
{
    private readonly CausalLM _model;
    private readonly ITokenizer _tokenizer;
    private readonly EngineOptions _options;
    private readonly KvCache _cache;
    private readonly ConcurrentQueue<Sequence> _waiting = new();
    private readonly List<Sequence> _active = [];
    // Lowest free slot first, and active sequences kept in slot order: a full batch then reads the
    // cache as one contiguous view instead of gathering rows.
    private readonly SortedSet<int> _freeSlots;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _thread;
    private int _queueDepth;

    // Requests admitted and not yet finished (waiting or decoding): the admission limit counts these,
    // so it holds exactly however the engine thread interleaves with callers.
    private int _inFlight;
    private long _tokensGenerated;
    private long _requestsCompleted;
    private double _tokensPerSecond;

    public BatchingEngine(CausalLM model, ITokenizer tokenizer, EngineOptions? options = null)
    {
        _model = model;
        _tokenizer = tokenizer;
        _options = options ?? new EngineOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxQueueLength, 0);
        _cache = new KvCache(model.Config, _options.MaxBatchSize, _options.MaxSequenceLength, model.Device, model.DType);
        MaxSequenceLength = _cache.MaxLength;
        _freeSlots = new SortedSet<int>(Enumerable.Range(0, _options.MaxBatchSize));
        _model.eval();
        _thread = new Thread(Run) { IsBackground = true, Name = "deepseek-engine" };
        _thread.Start();
    }

    public int MaxSequenceLength { get; }

    public EngineStatistics Statistics => new(
        Volatile.Read(ref _queueDepth), Volatile.Read(ref _activeCount), _options.MaxBatchSize,
        Interlocked.Read(ref _tokensGenerated), Interlocked.Read(ref _requestsCompleted), Volatile.Read(ref _tokensPerSecond))
    {
        TokensInFlight = Volatile.Read(ref _tokensInFlight),
    };

    private int _activeCount;
    private long _tokensInFlight;

    public IAsyncEnumerable<GenerationChunk> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        request.Options.Validate();
        if (request.PromptIds.Count == 0) throw new ArgumentException("The prompt has no tokens.", nameof(request));
        if (request.PromptIds.Count >= MaxSequenceLength)
            throw new ArgumentException(
                $"The prompt has {request.PromptIds.Count} tokens; this model accepts at most {MaxSequenceLength - 1} prompt tokens.", nameof(request));
        var vocabulary = _model.Config.VocabSize;
        if (request.PromptIds.Any(id => id < 0 || id >= vocabulary))
            throw new ArgumentException("The prompt contains a token id outside the vocabulary.", nameof(request));

        if (Interlocked.Increment(ref _inFlight) > _options.MaxQueueLength + _options.MaxBatchSize)
        {
            Interlocked.Decrement(ref _inFlight);
            throw new EngineOverloadedException(
                $"The engine queue is full ({_options.MaxQueueLength} waiting requests); retry later.");
        }
        Interlocked.Increment(ref _queueDepth);
        var sequence = new Sequence(request, _tokenizer, MaxSequenceLength, cancellationToken);
        sequence.CancellationToken.Register(WakeOnCancel);
        _waiting.Enqueue(sequence);
        _wake.Release();
        return Read(sequence, this);
    }

    private void WakeOnCancel()
    {
        try { _wake.Release(); }
        catch (ObjectDisposedException) { }
    }

    private static async IAsyncEnumerable<GenerationChunk> Read(Sequence sequence, BatchingEngine engine)
    {
        // The engine watches the caller's token itself (reading with it would lose the final "cancelled"
        // chunk); a reader that leaves early releases the sequence's slot.
        try
        {
            await foreach (var chunk in sequence.Output.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                yield return chunk;
        }
        finally
        {
            if (!sequence.Finished)
            {
                sequence.Abandon();
                engine.WakeOnCancel();
            }
        }
    }

    private void Run()
    {
        using var _ = no_grad();
        var clock = Stopwatch.StartNew();
        while (!_stopping.IsCancellationRequested)
        {
            if (_active.Count == 0 && _waiting.IsEmpty)
            {
                try { _wake.Wait(_stopping.Token); }
                catch (OperationCanceledException) { break; }
                continue;
            }
            DropCancelled();
            Admit();
            if (_active.Count > 0)
            {
                var started = clock.Elapsed;
                var produced = DecodeStep();
                var seconds = (clock.Elapsed - started).TotalSeconds;
                if (seconds > 0)
                {
                    // Exponential moving average of decode throughput.
                    var rate = produced / seconds;
                    Volatile.Write(ref _tokensPerSecond, _tokensPerSecond == 0 ? rate : 0.9 * _tokensPerSecond + 0.1 * rate);
                }
            }
            Volatile.Write(ref _activeCount, _active.Count);
            Volatile.Write(ref _tokensInFlight, _active.Sum(s => (long)s.Position));
        }
        foreach (var sequence in _active) sequence.Cancel();
        while (_waiting.TryDequeue(out var waiting)) waiting.Cancel();
    }

    private void DropCancelled()
    {
        for (var i = _active.Count - 1; i >= 0; i--)
        {
            if (!_active[i].CancellationToken.IsCancellationRequested) continue;
            _active[i].Cancel();
            Release(_active[i]);
            _active.RemoveAt(i);
        }
    }

    private void Admit()
    {
        while (_freeSlots.Count > 0 && _waiting.TryDequeue(out var sequence))
        {
            Interlocked.Decrement(ref _queueDepth);
            if (sequence.CancellationToken.IsCancellationRequested)
            {
                sequence.Cancel();
                Interlocked.Increment(ref _requestsCompleted);
                Interlocked.Decrement(ref _inFlight);
                continue;
            }
            sequence.Slot = _freeSlots.Min;
            _freeSlots.Remove(sequence.Slot);
            try
            {
                Prefill(sequence);
            }
            catch (Exception e)
            {
                sequence.Fail(e);
            }
            if (sequence.Finished) Release(sequence);
            else _active.Insert(ActiveIndexFor(sequence.Slot), sequence);
        }
        Volatile.Write(ref _activeCount, _active.Count);
    }

    private int ActiveIndexFor(int slot)
    {
        var index = 0;
        while (index < _active.Count && _active[index].Slot < slot) index++;
        return index;
    }

    private void Prefill(Sequence sequence)
    {
        using var scope = NewDisposeScope();
        var prompt = sequence.Request.PromptIds;
        var ids = tensor(prompt.Select(i => (long)i).ToArray(), [1, prompt.Count], device: _model.Device);
        var logits = _model.Forward(ids, _cache, [sequence.Slot], [0]); // (1, V)
        sequence.Position = prompt.Count;
        var row = logits.to(ScalarType.Float32).cpu().data<float>().ToArray();
        sequence.Accept(sequence.Sampler.Next(row));
        Interlocked.Increment(ref _tokensGenerated);
    }

    private int DecodeStep()
    {
        var batch = _active;
        try
        {
            using var scope = NewDisposeScope();
            var ids = tensor(batch.Select(s => (long)s.LastToken).ToArray(), [batch.Count, 1], device: _model.Device);
            var slots = batch.Select(s => s.Slot).ToArray();
            var starts = batch.Select(s => s.Position).ToArray();
            var logits = _model.Forward(ids, _cache, slots, starts).to(ScalarType.Float32).cpu(); // (B, V)
            var all = logits.data<float>().ToArray();
            var vocabulary = (int)logits.shape[1];
            for (var row = 0; row < batch.Count; row++)
            {
                batch[row].Position++;
                batch[row].Accept(batch[row].Sampler.Next(all.AsSpan(row * vocabulary, vocabulary)));
            }
        }
        catch (Exception e)
        {
            // A failed step fails the sequences in it, not the engine.
            foreach (var sequence in batch) sequence.Fail(e);
        }
        var produced = batch.Count;
        Interlocked.Add(ref _tokensGenerated, produced);
        for (var i = batch.Count - 1; i >= 0; i--)
        {
            if (!batch[i].Finished) continue;
            Release(batch[i]);
            batch.RemoveAt(i);
        }
        return produced;
    }

    private void Release(Sequence sequence)
    {
        if (sequence.Slot >= 0) _freeSlots.Add(sequence.Slot);
        sequence.Slot = -1;
        Interlocked.Increment(ref _requestsCompleted);
        Interlocked.Decrement(ref _inFlight);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        await Task.Run(() => _thread.Join()).ConfigureAwait(false);
        _cache.Dispose();
        _wake.Dispose();
        _stopping.Dispose();
    }
}
