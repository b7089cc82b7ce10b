namespace DeepSeek.Grains.Chat;

/// <summary>One compute device (GPU, CPU slot or simulated device) and the engines it runs. Key: <c>node/deviceIndex</c>.</summary>
[Alias("deepseek.gpu-worker")]
public interface IGpuWorkerGrain : IGrainWithStringKey
{
    [Alias("generate")] IAsyncEnumerable<CompletionChunk> GenerateAsync(CompletionRequest request, CancellationToken cancellationToken = default);

    [Alias("load")] Task<WorkerLoad> GetLoadAsync();

    /// <summary>Activates the worker (at silo start) so it reports its load before any request.</summary>
    [Alias("ping")] Task PingAsync();
}
