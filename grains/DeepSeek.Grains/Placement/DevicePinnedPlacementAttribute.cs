using Orleans.Placement;

namespace DeepSeek.Grains.Placement;

/// <summary>Places the grain class with <see cref="DevicePinnedPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class DevicePinnedPlacementAttribute() : PlacementAttribute(new DevicePinnedPlacement());
