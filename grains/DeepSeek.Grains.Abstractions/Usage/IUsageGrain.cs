namespace DeepSeek.Grains.Usage;

/// <summary>
/// Reads the usage read model (CQRS query side). The model is projected from <c>InferenceCompleted</c>
/// events: in memory in the Embedded profile, in PostgreSQL in the Cluster profile.
/// </summary>
[Alias("deepseek.usage")]
public interface IUsageGrain : IGrainWithIntegerKey
{
    [Alias("query")]
    Task<IReadOnlyList<UsageRow>> QueryAsync(UsageQuery query);
}
