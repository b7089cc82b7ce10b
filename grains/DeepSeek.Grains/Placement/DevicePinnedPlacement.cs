namespace DeepSeek.Grains.Placement;

/// <summary>Place a device's worker (key <c>node/device</c>) on the silo that owns the node (<see cref="DevicePinnedPlacementDirector"/>).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("deepseek.device-pinned-placement")]
public sealed class DevicePinnedPlacement : PlacementStrategy;
