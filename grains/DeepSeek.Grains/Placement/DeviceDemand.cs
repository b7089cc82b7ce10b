using DeepSeek.Grains.Cluster;

namespace DeepSeek.Grains.Placement;

/// <summary>What a request needs from a device: its session's cache, its model and room for the model's weights.</summary>
public readonly record struct DeviceDemand(string? Session, string? Model, long ModelBytes)
{
    /// <summary>Reads the demand a caller put in the request context (<see cref="PlacementKeys"/>); empty when it put none.</summary>
    public static DeviceDemand From(Dictionary<string, object>? requestContext)
    {
        if (requestContext is null) return default;
        return new DeviceDemand(
            requestContext.GetValueOrDefault(PlacementKeys.Session) as string,
            requestContext.GetValueOrDefault(PlacementKeys.Model) as string,
            requestContext.GetValueOrDefault(PlacementKeys.ModelBytes) is long bytes ? bytes : 0);
    }
}
