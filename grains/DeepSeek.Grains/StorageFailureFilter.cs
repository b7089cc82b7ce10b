namespace DeepSeek.Grains;

/// <summary>
/// Turns a grain's database failure into <see cref="PlatformException"/> 503 <c>storage_unavailable</c>
/// before it leaves the silo. The driver's own exceptions are not serializable across silos, and the
/// caller needs "retry shortly", not the driver's internals.
/// </summary>
public sealed class StorageFailureFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (StorageFailures.IsStorageFailure(e))
        {
            throw StorageFailures.Unavailable();
        }
    }
}
