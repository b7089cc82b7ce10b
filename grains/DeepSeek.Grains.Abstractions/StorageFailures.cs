using System.Data.Common;

namespace DeepSeek.Grains;

/// <summary>
/// What a database outage looks like from grain code and from callers, and the one error it becomes:
/// 503 <c>storage_unavailable</c> with Retry-After (the database driver's own exceptions cannot cross silos).
/// </summary>
public static class StorageFailures
{
    /// <summary>The error callers get while the database is unavailable.</summary>
    public static PlatformException Unavailable() =>
        PlatformException.Unavailable("The platform's database is unavailable; retry shortly.", "storage_unavailable", 5);

    /// <summary>A database error anywhere in the chain of <paramref name="error"/>.</summary>
    public static bool IsStorageFailure(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (IsStorageFailureItself(e)) return true;
        }
        return false;
    }

    /// <summary>
    /// <paramref name="error"/> itself (not its inner exceptions) is a database error, or Orleans' wrapper of
    /// a storage provider's error (which carries the provider's error as text).
    /// </summary>
    public static bool IsStorageFailureItself(Exception error) =>
        error is DbException
        || (error is OrleansException && error.Message.StartsWith("Error from storage provider", StringComparison.Ordinal));
}
