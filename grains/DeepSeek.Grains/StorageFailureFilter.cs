using System.Data.Common;

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
        catch (Exception e) when (IsStorageFailure(e))
        {
            throw PlatformException.Unavailable("The platform's database is unavailable; retry shortly.", "storage_unavailable", 5);
        }
    }

    /// <summary>A database error anywhere in the chain, or Orleans' wrapper of a storage provider's error.</summary>
    public static bool IsStorageFailure(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is DbException) return true;
            if (e is OrleansException && e.Message.StartsWith("Error from storage provider", StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
