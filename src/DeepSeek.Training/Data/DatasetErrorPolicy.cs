namespace DeepSeek.Training.Data;

/// <summary>What a loader does with a bad record.</summary>
public enum DatasetErrorPolicy
{
    /// <summary>Throw a <see cref="DatasetException"/> at the first bad record (the default: bad data is usually a bug upstream).</summary>
    FailFast,

    /// <summary>Leave bad records out and list them in the result.</summary>
    SkipAndReport,
}
