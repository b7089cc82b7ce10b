namespace DeepSeek.Grains.Tenants;

/// <summary>
/// The tenant grain's answer to a gateway: the decision for the request at hand and, when it was admitted,
/// a small share of the tenant's budget (already taken from the buckets) that the gateway may spend on
/// later requests of the same tenant until the lease expires.
/// </summary>
[GenerateSerializer, Immutable, Alias("deepseek.access-lease")]
public sealed record AccessLease
{
    [Id(0)] public required AccessDecision Decision { get; init; }

    /// <summary>Further requests the gateway may admit; null when the tenant has no request limit.</summary>
    [Id(1)] public int? Requests { get; init; }

    /// <summary>Further estimated tokens the gateway may admit; null when the tenant has no token limit.</summary>
    [Id(2)] public int? Tokens { get; init; }

    /// <summary>How long the gateway may trust the key and spend the lease, counted from when it asked.</summary>
    [Id(3)] public TimeSpan ValidFor { get; init; }
}
