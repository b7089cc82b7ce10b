using Orleans;

namespace DeepSeek.Streaming.Benchmarks;

/// <summary>Implicit subscriber of one benchmark stream.</summary>
[Alias("DeepSeek.Streaming.Benchmarks.IBenchSubscriberGrain")]
public interface IBenchSubscriberGrain : IGrainWithIntegerKey;
