namespace DeepSeek.Grains.Tests;

/// <summary>Grain tests that share one in-process cluster.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Cluster";
}
