namespace DeepSeek.Grains.Placement;

/// <summary>Place an activation next to the device that serves its session and model best (<see cref="GpuPlacementDirector"/>).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("deepseek.gpu-aware-placement")]
public sealed class GpuAwarePlacement : PlacementStrategy;
