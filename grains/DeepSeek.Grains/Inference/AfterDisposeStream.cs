namespace DeepSeek.Grains.Inference;

/// <summary>
/// A stream that runs an action once its consumer has disposed it. A grain returning one runs the
/// action only after Orleans has dropped its record of the enumeration, so the action may move the
/// activation (an activation moved mid-enumeration would abort the caller's stream).
/// </summary>
internal sealed class AfterDisposeStream<T>(IAsyncEnumerable<T> inner, Action after) : IAsyncEnumerable<T>
{
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(inner.GetAsyncEnumerator(cancellationToken), after);

    private sealed class Enumerator(IAsyncEnumerator<T> inner, Action after) : IAsyncEnumerator<T>
    {
        public T Current => inner.Current;

        public ValueTask<bool> MoveNextAsync() => inner.MoveNextAsync();

        public async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            after();
        }
    }
}
