using Orleans;

namespace DeepSeek.Streaming.Benchmarks;

/// <summary>A small event: which producer, which of its events.</summary>
[GenerateSerializer, Immutable, Alias("DeepSeek.Streaming.Benchmarks.BenchEvent")]
public sealed record BenchEvent([property: Id(0)] int Producer, [property: Id(1)] int Sequence);
