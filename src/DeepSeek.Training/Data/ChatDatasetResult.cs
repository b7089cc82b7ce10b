namespace DeepSeek.Training.Data;

/// <summary>A loaded chat dataset and the records that were skipped (empty under fail-fast).</summary>
public sealed record ChatDatasetResult(TokenDataset Dataset, IReadOnlyList<DatasetError> Errors);
