namespace DeepSeek.Knowledge.Embeddings;

/// <summary>
/// One caller's texts on their way through the batching loop. A request may be split across
/// batches; only the loop thread touches <see cref="Taken"/>, <see cref="Done"/> and the results.
/// </summary>
internal sealed class EmbeddingRequest
{
    // Continuations run on the thread pool, never inline on the loop thread that completes them.
    private readonly TaskCompletionSource<float[][]> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationToken _cancellationToken;
    private CancellationTokenRegistration _registration;

    public EmbeddingRequest(string[] texts, CancellationToken cancellationToken)
    {
        Texts = texts;
        Results = new float[texts.Length][];
        _cancellationToken = cancellationToken;
    }

    public string[] Texts { get; }

    public float[][] Results { get; }

    /// <summary>Texts already handed to a batch.</summary>
    public int Taken { get; set; }

    /// <summary>Texts whose vectors have come back.</summary>
    public int Done { get; set; }

    public Task<float[][]> Task => _completion.Task;

    /// <summary>Completed, failed or cancelled: the loop skips it and discards its vectors.</summary>
    public bool IsFinished => _completion.Task.IsCompleted;

    /// <summary>Lets the caller stop waiting at once; a batch that is already encoding is not disturbed.</summary>
    public void ListenForCancellation()
    {
        if (_cancellationToken.CanBeCanceled)
            _registration = _cancellationToken.Register(static state => ((EmbeddingRequest)state!).Cancel(), this);
    }

    public void Complete()
    {
        _completion.TrySetResult(Results);
        _registration.Unregister();
    }

    public void Fail(Exception exception)
    {
        _completion.TrySetException(exception);
        _registration.Unregister();
    }

    private void Cancel() => _completion.TrySetCanceled(_cancellationToken);
}
