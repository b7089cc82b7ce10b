using Orleans.Runtime.Placement;

namespace DeepSeek.Placement.Benchmarks;

/// <summary>Hands the decision to Orleans' own resource-optimized director, as if the grain carried no placement attribute.</summary>
internal sealed class OrleansDefaultDirector(IPlacementDirector resourceOptimized) : IPlacementDirector
{
    private static readonly ResourceOptimizedPlacement Strategy = new();

    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context) =>
        resourceOptimized.OnAddActivation(Strategy, target, context);
}
