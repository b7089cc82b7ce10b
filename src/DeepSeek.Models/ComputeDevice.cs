using TorchSharp;
using static TorchSharp.torch;

namespace DeepSeek.Models;

/// <summary>Chooses where models run: CUDA when libtorch sees a GPU, else the CPU.</summary>
public static class ComputeDevice
{
    /// <summary>
    /// Resolves "auto" (CUDA if available, else CPU), "cpu", "cuda" or "cuda:N". Asking for CUDA where there
    /// is none is an error rather than a silent fallback.
    /// </summary>
    public static Device Select(string? preference = "auto")
    {
        var wanted = string.IsNullOrWhiteSpace(preference) ? "auto" : preference.Trim().ToLowerInvariant();
        if (wanted == "auto") return cuda.is_available() ? CUDA : CPU;
        if (wanted == "cpu") return CPU;
        if (wanted.StartsWith("cuda", StringComparison.Ordinal))
        {
            if (!cuda.is_available()) throw new InvalidOperationException($"Device '{preference}' was requested but no CUDA device is available.");
            return new Device(wanted);
        }
        throw new ArgumentException($"Unknown device '{preference}' (auto, cpu, cuda, cuda:N).", nameof(preference));
    }

    /// <summary>Number of CUDA devices libtorch sees (0 on CPU-only machines).</summary>
    public static int CudaDeviceCount => cuda.is_available() ? cuda.device_count() : 0;

    /// <summary>Sets libtorch's intra-op CPU threads (process-wide); null or 0 keeps the default.</summary>
    public static void SetCpuThreads(int? threads)
    {
        if (threads is > 0) set_num_threads(threads.Value);
    }

    /// <summary>The dtype a model uses on a device: fp32 on the CPU, bf16 on CUDA when asked for half precision.</summary>
    public static ScalarType DefaultDType(Device device, bool halfPrecisionOnGpu = false) =>
        device.type == DeviceType.CUDA && halfPrecisionOnGpu ? ScalarType.BFloat16 : ScalarType.Float32;
}
