namespace DeepSeek.Placement.Benchmarks;

/// <summary>Display names of the policies and how each keys its deep-learning grains.</summary>
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
