namespace DeepSeek.Training.Data;

/// <summary>A dataset holds records that cannot be trained on; the message names each one by line.</summary>
public sealed class DatasetException : Exception
{
    public DatasetException(string datasetName, IReadOnlyList<DatasetError> errors)
        : base($"{datasetName}: {string.Join("; ", errors.Take(5))}{(errors.Count > 5 ? $" (and {errors.Count - 5} more)" : "")}")
    {
        DatasetName = datasetName;
        Errors = errors;
    }

    /// <summary>The file (or stream description) the records came from.</summary>
    public string DatasetName { get; }

    public IReadOnlyList<DatasetError> Errors { get; }
}
