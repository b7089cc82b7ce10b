namespace DeepSeek.Grains.Events;

/// <summary>
/// The platform's stream namespaces. Every stream is keyed by tenant id, so one tenant's events of one
/// kind arrive in order; consumers subscribe implicitly by namespace.
/// </summary>
public static class EventStreams
{
    public const string Inference = "inference";
    public const string Knowledge = "knowledge";
    public const string Training = "training";
    public const string Models = "models";
    public const string Features = "features";

    public static readonly IReadOnlyList<string> All = [Inference, Knowledge, Training, Models, Features];

    /// <summary>Stream key of events that belong to the platform rather than one tenant (never a valid tenant id).</summary>
    public const string PlatformScope = "*";
}
