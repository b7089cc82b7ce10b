namespace DeepSeek.Grains.Models;

/// <summary>Models and engine capacity of a silo (configuration section <c>DeepSeek:Models</c>).</summary>
public sealed class ModelHostOptions
{
    /// <summary>Model id answered when a request names "default" or a model this silo lacks is not asked for.</summary>
    public string Default { get; set; } = "deepseek-tiny";

    /// <summary>Model id → model directory (relative paths resolve against the application folder).</summary>
    public Dictionary<string, string> Directories { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Model id → a model without weights for simulated devices (tests, benchmarks).</summary>
    public Dictionary<string, SimulatedModelOptions> Simulated { get; set; } = new(StringComparer.Ordinal);

    /// <summary>auto (CUDA when present, else CPU), cpu, cuda or cuda:N.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>libtorch CPU threads; 0 keeps libtorch's default (the core count).</summary>
    public int CpuThreads { get; set; }

    /// <summary>Sequences decoded together per engine.</summary>
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>Requests waiting per engine before new ones are refused (503).</summary>
    public int MaxQueueLength { get; set; } = 64;

    /// <summary>Prompt plus completion tokens per sequence (capped by the model).</summary>
    public int MaxSequenceLength { get; set; } = 1024;

    /// <summary>Longest wait for busy models to go idle so a new one can be loaded in their place.</summary>
    public TimeSpan ModelSwapTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
