namespace DeepSeek.Platform.Tests;

/// <summary>Tests that break a model on purpose, on a platform of their own.</summary>
[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<OutageFixture>
{
    public const string Name = "Outage";
}
