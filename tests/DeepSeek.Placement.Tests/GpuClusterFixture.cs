using static DeepSeek.Placement.Tests.GpuCluster;

namespace DeepSeek.Placement.Tests;

/// <summary>Three ai silos with 1, 2 and 4 simulated devices; the middle one's devices are too small for the large model.</summary>
public sealed class GpuClusterFixture : IAsyncLifetime
{
    public GpuCluster Gpus { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Gpus = await StartAsync(new SiloSpec(1), new SiloSpec(2, MemoryBytes: 24 * GiB), new SiloSpec(4));

    public async Task DisposeAsync() => await Gpus.DisposeAsync();
}
