namespace DeepSeek.Training.Benchmarks;

/// <summary>What one child process measured: training throughput and the process's peak memory.</summary>
internal sealed record Measurement(string Name, double TokensPerSecond, long PeakWorkingSet, long TrainableParameters);
