using System.Collections.Concurrent;
using System.Diagnostics;

namespace DeepSeek.Knowledge.Embeddings;

/// <summary>
/// Shares encoder batches between concurrent callers. One dedicated thread takes the first waiting
/// request, gathers whatever else arrives within <see cref="EmbeddingBatchOptions.BatchWindow"/>
/// (or has queued up while the previous batch ran), encodes up to
/// <see cref="EmbeddingBatchOptions.MaxBatchSize"/> texts in one call and completes each caller's
/// task with its own vectors. Callers only await, so no caller thread (or grain turn) runs the model.
/// </summary>
public sealed class BatchingEmbeddingModel : IEmbeddingModel, IDisposable
{
    private readonly IBatchEncoder _encoder;
    private readonly bool _ownsEncoder;
    private readonly EmbeddingBatchOptions _options;
    private readonly ConcurrentQueue<EmbeddingRequest> _queue = new();
    // Counts the requests in _queue, so the loop can sleep until one arrives.
    private readonly SemaphoreSlim _arrivals = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _thread;
    private int _queueLength;
    private long _batches;
    private long _texts;

    public BatchingEmbeddingModel(IBatchEncoder encoder, EmbeddingBatchOptions? options = null, bool ownsEncoder = true)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        _encoder = encoder;
        _ownsEncoder = ownsEncoder;
        _options = options ?? new EmbeddingBatchOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxQueueLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchWindow, TimeSpan.Zero);
        _thread = new Thread(Run) { IsBackground = true, Name = "deepseek-embedding" };
        _thread.Start();
    }

    public string Name => _encoder.Name;

    public int Dimension => _encoder.Dimension;

    /// <summary>Encoder calls made so far.</summary>
    public long BatchesEncoded => Interlocked.Read(ref _batches);

    /// <summary>Texts encoded so far.</summary>
    public long TextsEncoded => Interlocked.Read(ref _texts);

    /// <summary>Requests waiting for the loop.</summary>
    public int QueueLength => Volatile.Read(ref _queueLength);

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (texts.Count == 0) return Task.FromResult(Array.Empty<float[]>());
        var copy = texts.ToArray();
        if (Array.IndexOf(copy, null) >= 0) throw new ArgumentException("A text to embed is null.", nameof(texts));
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<float[][]>(cancellationToken);

        if (Interlocked.Increment(ref _queueLength) > _options.MaxQueueLength)
        {
            Interlocked.Decrement(ref _queueLength);
            return Task.FromException<float[][]>(new EmbeddingQueueFullException(
                $"The embedding queue is full ({_options.MaxQueueLength} waiting requests); retry later."));
        }
        var request = new EmbeddingRequest(copy, cancellationToken);
        request.ListenForCancellation();
        _queue.Enqueue(request);
        _arrivals.Release();
        // Dispose may have drained the queue between the check above and the enqueue.
        if (_stopping.IsCancellationRequested) FailQueued();
        return request.Task;
    }

    public void Dispose()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        _thread.Join();
        FailQueued();
        if (_ownsEncoder && _encoder is IDisposable disposable) disposable.Dispose();
    }

    private void Run()
    {
        var stopping = _stopping.Token;
        var batch = new List<(EmbeddingRequest Request, int Index)>(_options.MaxBatchSize);
        // A request with more texts than fitted into the previous batch.
        EmbeddingRequest? unfinished = null;
        try
        {
            while (true)
            {
                unfinished = Gather(batch, unfinished, stopping);
                if (batch.Count > 0) Encode(batch, ref unfinished, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            var disposed = new ObjectDisposedException(nameof(BatchingEmbeddingModel));
            foreach (var (request, _) in batch) request.Fail(disposed);
            unfinished?.Fail(disposed);
        }
    }

    /// <summary>Fills <paramref name="batch"/>; returns the request whose texts did not all fit.</summary>
    private EmbeddingRequest? Gather(List<(EmbeddingRequest Request, int Index)> batch, EmbeddingRequest? unfinished, CancellationToken stopping)
    {
        batch.Clear();
        var deadline = 0L;
        while (batch.Count < _options.MaxBatchSize)
        {
            if (unfinished is { IsFinished: false } current)
            {
                if (batch.Count == 0) deadline = Stopwatch.GetTimestamp() + (long)(_options.BatchWindow.TotalSeconds * Stopwatch.Frequency);
                while (current.Taken < current.Texts.Length && batch.Count < _options.MaxBatchSize)
                    batch.Add((current, current.Taken++));
                if (current.Taken < current.Texts.Length) return current;
            }
            unfinished = null;

            // The first request is awaited without limit; later ones only until the window closes.
            var wait = batch.Count == 0
                ? Timeout.InfiniteTimeSpan
                : Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), Math.Max(deadline, Stopwatch.GetTimestamp()));
            if (!_arrivals.Wait(wait, stopping)) break;
            _queue.TryDequeue(out unfinished);
            Interlocked.Decrement(ref _queueLength);
        }
        return unfinished;
    }

    private void Encode(List<(EmbeddingRequest Request, int Index)> batch, ref EmbeddingRequest? unfinished, CancellationToken stopping)
    {
        var texts = new string[batch.Count];
        for (var i = 0; i < batch.Count; i++) texts[i] = batch[i].Request.Texts[batch[i].Index];

        float[][] vectors;
        try
        {
            vectors = _encoder.Encode(texts, stopping);
            if (vectors.Length != texts.Length)
                throw new InvalidOperationException($"The encoder returned {vectors.Length} vectors for {texts.Length} texts.");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            // The whole batch failed; its callers see why, the loop goes on with the next batch.
            foreach (var (request, _) in batch) request.Fail(exception);
            if (unfinished is { IsFinished: true }) unfinished = null;
            batch.Clear();
            return;
        }

        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _texts, texts.Length);
        for (var i = 0; i < batch.Count; i++)
        {
            var (request, index) = batch[i];
            request.Results[index] = vectors[i];
            if (++request.Done == request.Texts.Length) request.Complete();
        }
        batch.Clear();
    }

    private void FailQueued()
    {
        while (_queue.TryDequeue(out var request))
            request.Fail(new ObjectDisposedException(nameof(BatchingEmbeddingModel)));
    }
}
