namespace DeepSeek.Grains.Tenants;

/// <summary>The tenant grain's answer to "may this key make this request now?".</summary>
[GenerateSerializer, Immutable, Alias("deepseek.access-decision")]
public sealed record AccessDecision
{
    [Id(0)] public bool Authenticated { get; init; }
    [Id(1)] public string? Role { get; init; }
    [Id(2)] public string? KeyId { get; init; }

    /// <summary>Seconds until the request would fit the tenant's limits; null when admitted.</summary>
    [Id(3)] public int? RetryAfterSeconds { get; init; }
    [Id(4)] public string? Reason { get; init; }

    public bool Admitted => Authenticated && RetryAfterSeconds is null;
}
