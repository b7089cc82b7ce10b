namespace DeepSeek.Grains.Knowledge;

/// <summary>Outcome of a bulk import: how many entries were added and which lines were rejected and why.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.import-result")]
public sealed record ImportResult
{
    [Id(0)] public int Added { get; init; }
    [Id(1)] public IReadOnlyList<ImportError> Errors { get; init; } = [];
}

/// <summary>One rejected line of an import.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.import-error")]
public sealed record ImportError([property: Id(0)] int Line, [property: Id(1)] string Message);
