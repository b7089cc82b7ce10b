namespace DeepSeek.Grains.Cluster;

/// <summary>The silos of the cluster with their roles and status, for operators. Key: 0.</summary>
[Alias("deepseek.cluster-info")]
public interface IClusterInfoGrain : IGrainWithIntegerKey
{
    [Alias("silos")] Task<IReadOnlyList<SiloInfo>> GetSilosAsync();
}
