using Orleans.Placement;

namespace DeepSeek.Grains.Placement;

/// <summary>Places the grain class with <see cref="GpuAwarePlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class GpuAwarePlacementAttribute() : PlacementAttribute(new GpuAwarePlacement());
