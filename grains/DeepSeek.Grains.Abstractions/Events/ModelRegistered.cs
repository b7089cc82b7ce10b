namespace DeepSeek.Grains.Events;

/// <summary>A model was registered or its card changed in the catalog (namespace <c>models</c>).</summary>
[GenerateSerializer, Immutable, Alias("deepseek.event.model-registered")]
public sealed record ModelRegistered : PlatformEvent
{
    [Id(0)] public required string Model { get; init; }
    [Id(1)] public required string OwnedBy { get; init; }
    [Id(2)] public int ContextLength { get; init; }
}
