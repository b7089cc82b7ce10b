namespace DeepSeek.Models.Weights;

/// <summary>
/// A checkpoint does not fit a module: keys the module needs are missing, keys it has no place for are present,
/// or shapes differ. Thrown before any weight is copied, so the module is unchanged.
/// </summary>
public sealed class StateDictMismatchException : Exception
{
    public StateDictMismatchException(string message, IReadOnlyList<string> missingKeys,
        IReadOnlyList<string> unexpectedKeys, IReadOnlyList<string> shapeMismatches)
        : base(message)
    {
        MissingKeys = missingKeys;
        UnexpectedKeys = unexpectedKeys;
        ShapeMismatches = shapeMismatches;
    }

    /// <summary>Module keys the checkpoint lacks.</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>Checkpoint keys the module has no place for.</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary>Keys present on both sides with different shapes.</summary>
    public IReadOnlyList<string> ShapeMismatches { get; }
}
