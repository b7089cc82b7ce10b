namespace DeepSeek.Grains.Events;

/// <summary>
/// A fact the platform published: immutable, identified, timed and owned by a tenant. Delivery is
/// at-least-once, so every consumer is idempotent by <see cref="EventId"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("deepseek.event")]
public abstract record PlatformEvent
{
    [Id(0)] public Guid EventId { get; init; } = RandomGuids.Next();
    [Id(1)] public DateTimeOffset Timestamp { get; init; }
    [Id(2)] public required string TenantId { get; init; }
}
