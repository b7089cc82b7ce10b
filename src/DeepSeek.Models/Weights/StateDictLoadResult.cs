namespace DeepSeek.Models.Weights;

/// <summary>
/// What a load did: the keys copied into the module, and (for a non-strict load) the module keys the
/// checkpoint lacked and the checkpoint keys the module has no place for. All lists are sorted.
/// </summary>
public sealed record StateDictLoadResult(
    IReadOnlyList<string> LoadedKeys,
    IReadOnlyList<string> MissingKeys,
    IReadOnlyList<string> UnexpectedKeys);
