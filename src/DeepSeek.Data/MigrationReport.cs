namespace DeepSeek.Data;

/// <summary>What one migration run found and did.</summary>
/// <param name="Database">The database migrated.</param>
/// <param name="DatabaseCreated">Whether the run created the database.</param>
/// <param name="Applied">Migrations applied by this run, in order.</param>
/// <param name="AlreadyApplied">Migrations found applied before this run.</param>
/// <param name="SchemaVersion">The highest applied version after the run (0 for an empty schema).</param>
public sealed record MigrationReport(
    string Database,
    bool DatabaseCreated,
    IReadOnlyList<Migration> Applied,
    IReadOnlyList<Migration> AlreadyApplied,
    int SchemaVersion)
{
    public override string ToString() => Applied.Count == 0
        ? $"Database '{Database}' is up to date at schema version {SchemaVersion}."
        : $"Database '{Database}': applied {string.Join(", ", Applied)}; now at schema version {SchemaVersion}.";
}
