namespace DeepSeek.Grains.Tenants;

/// <summary>A gateway asking for a lease: what the request at hand needs, and what it gives back of its previous lease.</summary>
[GenerateSerializer, Immutable, Alias("deepseek.lease-request")]
public sealed record LeaseRequest
{
    /// <summary>Whether the request at hand counts against the limits (reads and admin calls do not).</summary>
    [Id(0)] public bool CountRequest { get; init; }

    /// <summary>Tokens the request at hand is estimated to use.</summary>
    [Id(1)] public int Tokens { get; init; }

    /// <summary>Requests of the gateway's previous lease it did not use; they go back into the bucket.</summary>
    [Id(2)] public int ReturnedRequests { get; init; }

    /// <summary>Tokens of the gateway's previous lease it did not use.</summary>
    [Id(3)] public int ReturnedTokens { get; init; }

    /// <summary>The gateway, told to forget the tenant's keys and lease when a key is revoked or the tenant changes.</summary>
    [Id(4)] public ILeaseHolder? Holder { get; init; }
}
