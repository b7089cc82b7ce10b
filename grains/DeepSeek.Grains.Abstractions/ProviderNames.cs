namespace DeepSeek.Grains;

/// <summary>Names of the storage and stream providers every silo registers, in one place.</summary>
public static class ProviderNames
{
    /// <summary>Grain state (memory in the Embedded profile, PostgreSQL in the Cluster profile).</summary>
    public const string Storage = "store";

    /// <summary>Stream provider for platform events.</summary>
    public const string Streams = "events";

    /// <summary>Storage the stream pub-sub system keeps its subscriptions in.</summary>
    public const string PubSubStorage = "PubSubStore";
}
