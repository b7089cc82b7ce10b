namespace DeepSeek.Grains.Cluster;

/// <summary>
/// RequestContext keys a caller sets before calling a deep-learning grain, so the GPU-aware placement
/// director can see what the activation will serve (it cannot see the call's arguments).
/// </summary>
public static class PlacementKeys
{
    /// <summary>The session key (<see cref="SessionKey"/>), when the request continues a session.</summary>
    public const string Session = "deepseek.session";

    /// <summary>The model id.</summary>
    public const string Model = "deepseek.model";

    /// <summary>The model's estimated weight bytes (a long), so devices too small for it are skipped.</summary>
    public const string ModelBytes = "deepseek.model-bytes";

    /// <summary>A session's key across the cluster: deep-learning grain key and KV-cache prefix key.</summary>
    public static string SessionKey(string tenantId, string sessionId) => $"{tenantId}/{sessionId}";
}
