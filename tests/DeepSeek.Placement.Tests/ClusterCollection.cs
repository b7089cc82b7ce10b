namespace DeepSeek.Placement.Tests;

/// <summary>Cluster tests run one at a time: each starts silos, and the machine has few cores.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "gpu cluster";
}
