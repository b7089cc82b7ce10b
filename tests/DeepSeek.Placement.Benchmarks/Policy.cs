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
