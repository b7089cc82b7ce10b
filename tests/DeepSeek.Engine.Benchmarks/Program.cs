// Engine throughput against a bare greedy loop over the same model, measured in one run.
// Usage: dotnet run -c Release --project tests/DeepSeek.Engine.Benchmarks [-- --tokens 128 --threads 2 --rounds 3]
using System.Diagnostics;
using DeepSeek.Engine;
using DeepSeek.Engine.Benchmarks;
using DeepSeek.Models;
using static TorchSharp.torch;

var tokensPerRequest = Arg("--tokens", 128);
ComputeDevice.SetCpuThreads(Arg("--threads", 0));
var config = new ModelConfig
{
    ModelType = "llama", VocabSize = 320, HiddenSize = 256, IntermediateSize = 768, NumHiddenLayers = 6,
    NumAttentionHeads = 8, NumKeyValueHeads = 2, MaxPositionEmbeddings = 1024, RmsNormEps = 1e-5, TieWordEmbeddings = true,
};
using var model = new CausalLM(config);
model.InitializeWeights(seed: 1);
model.eval();
Console.WriteLine($"model: {model.ParameterCount:N0} parameters, {get_num_threads()} CPU threads, {tokensPerRequest} tokens per request");

int[] prompt = [.. Enumerable.Range(0, 16).Select(i => 32 + i)];
var options = new SamplingOptions { Temperature = 0, MaxTokens = tokensPerRequest, LogitBias = new Dictionary<int, double> { [IdTokenizer.End] = -100 } };

// Warm-up of both paths (first-call JIT and allocator effects).
BareGreedyLoop(16);
await using (var warm = new BatchingEngine(model, new IdTokenizer(), new EngineOptions { MaxBatchSize = 16, MaxSequenceLength = 512 }))
    await RunConcurrentAsync(warm, 4, 16);

// Rounds interleave the bare loop and the engine so drifting machine load hits both alike.
await using var engine = new BatchingEngine(model, new IdTokenizer(), new EngineOptions { MaxBatchSize = 16, MaxSequenceLength = 512 });
var samples = new Dictionary<string, List<double>> { ["bare"] = [], ["1"] = [], ["4"] = [], ["16"] = [] };
for (var round = 0; round < Arg("--rounds", 3); round++)
{
    samples["bare"].Add(BareGreedyLoop(tokensPerRequest));
    foreach (var concurrency in new[] { 1, 4, 16 })
        samples[concurrency.ToString()].Add(await RunConcurrentAsync(engine, concurrency, tokensPerRequest));
}
var bare = Median(samples["bare"]);
var results = new[] { 1, 4, 16 }.ToDictionary(c => c, c => Median(samples[c.ToString()]));
Console.WriteLine($"bare greedy loop (batch 1): {bare,8:F1} tokens/s");
foreach (var (concurrency, rate) in results)
    Console.WriteLine($"engine, {concurrency,2} concurrent:       {rate,8:F1} tokens/s (aggregate)");
Console.WriteLine();
Console.WriteLine($"ratio engine@1 / bare loop:   {results[1] / bare:F2}  (target >= 0.90)");
Console.WriteLine($"ratio engine@4 / engine@1:    {results[4] / results[1]:F2}");
Console.WriteLine($"ratio engine@16 / engine@1:   {results[16] / results[1]:F2}  (target >= 4.00)");

double BareGreedyLoop(int tokens)
{
    using var _ = no_grad();
    using var cache = new KvCache(config, slots: 1, maxLength: 512);
    var watch = Stopwatch.StartNew();
    using (var scope = NewDisposeScope())
    {
        var logits = model.Forward(tensor(prompt.Select(i => (long)i).ToArray(), [1, prompt.Length]), cache, [0], [0]);
        var next = logits.argmax(-1).item<long>();
        for (var position = prompt.Length; position < prompt.Length + tokens - 1; position++)
        {
            using var step = NewDisposeScope();
            logits = model.Forward(tensor(new[] { next }, [1, 1]), cache, [0], [position]);
            next = logits.argmax(-1).item<long>();
        }
    }
    return tokens / watch.Elapsed.TotalSeconds;
}

async Task<double> RunConcurrentAsync(BatchingEngine target, int concurrency, int tokens)
{
    var watch = Stopwatch.StartNew();
    var counts = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        var produced = 0;
        await foreach (var chunk in target.GenerateAsync(new GenerationRequest(prompt, options with { MaxTokens = tokens })))
            if (chunk.TokenId is not null) produced++;
        return produced;
    }));
    return counts.Sum() / watch.Elapsed.TotalSeconds;
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}
