namespace DeepSeek.Placement.Benchmarks;

/// <summary>The placement policies compared: each picks the silo (director) and the device on it (deep-learning grain).</summary>
internal enum Policy
{
    /// <summary>Orleans' default resource-optimized placement, then main's local rule (model loaded, then shortest queue).</summary>
    OrleansDefault,
    Random,
    RoundRobin,

    /// <summary>Least requests per batch slot, from the same cached directory table ours reads.</summary>
    LeastLoaded,

    /// <summary>Power of two choices on load alone, from the cached table.</summary>
    PowerOfTwo,

    /// <summary>The platform's director: session affinity, then loaded model, then power of two; sessions keep their grain and move when overloaded.</summary>
    Ours,

    /// <summary>Join the shortest queue with exact, live load of every device.</summary>
    Oracle,
}

internal static class PolicyNames
{
    public static string Name(this Policy policy) => policy switch
    {
        Policy.OrleansDefault => "orleans default",
        Policy.Random => "random",
        Policy.RoundRobin => "round-robin",
        Policy.LeastLoaded => "least-loaded",
        Policy.PowerOfTwo => "power-of-two",
        Policy.Ours => "ours",
        Policy.Oracle => "oracle (JSQ)",
        _ => policy.ToString(),
    };

    /// <summary>Only ours keeps one grain per session (and with it the KV cache); the others route every request afresh.</summary>
    public static bool KeysBySession(this Policy policy) => policy == Policy.Ours;
}
