// Embedding throughput of MiniLM three ways, in one run on the same encoder:
//   one at a time   one sentence per Encode call, the cost of serving callers without batching;
//   raw batched     Encode over batches of 32, the ceiling;
//   micro-batched   32 concurrent callers, one sentence each per request, through BatchingEmbeddingModel.
// Numbers are sentences per second; the ratios are what to compare across machines.
using System.Diagnostics;
using DeepSeek.Knowledge.Embeddings;

const int BatchSize = 32;
const int Callers = 32;
// The three modes take turns, round after round, and each reports its best round: on a shared
// machine outside load only ever slows a round down, so the best one is the least disturbed.
const int Rounds = 7;
var singles = Sentences(32, seed: 1);
var batched = Sentences(192, seed: 2);
var concurrent = Sentences(192, seed: 3);

using var encoder = new MiniLmEncoder(intraOpThreads: 2);
using var model = new BatchingEmbeddingModel(encoder, new EmbeddingBatchOptions { MaxBatchSize = BatchSize }, ownsEncoder: false);
encoder.Encode(Sentences(64, seed: 0), CancellationToken.None); // warm up ONNX Runtime

var oneAtATime = new List<double>();
var rawBatched = new List<double>();
var microBatched = new List<double>();
for (var round = 0; round < Rounds; round++)
{
    oneAtATime.Add(Measure(singles.Length, () =>
    {
        foreach (var sentence in singles) encoder.Encode([sentence], CancellationToken.None);
    }));

    rawBatched.Add(Measure(batched.Length, () =>
    {
        foreach (var chunk in batched.Chunk(BatchSize)) encoder.Encode(chunk, CancellationToken.None);
    }));

    microBatched.Add(Measure(concurrent.Length, () =>
    {
        // Each caller sends its sentences one request at a time, awaiting each, like independent users.
        var callers = Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            for (var i = c; i < concurrent.Length; i += Callers) await model.EmbedAsync([concurrent[i]]);
        }));
        Task.WhenAll(callers).GetAwaiter().GetResult();
    }));
}

Console.WriteLine($"cores {Environment.ProcessorCount}, ONNX Runtime intra-op threads 2, batch {BatchSize}, callers {Callers}, best of {Rounds} rounds (median)");
Console.WriteLine($"one at a time   {oneAtATime.Max(),7:F1} ({Median(oneAtATime),6:F1}) sentences/s");
Console.WriteLine($"raw batched     {rawBatched.Max(),7:F1} ({Median(rawBatched),6:F1}) sentences/s");
Console.WriteLine($"micro-batched   {microBatched.Max(),7:F1} ({Median(microBatched),6:F1}) sentences/s, {(double)model.TextsEncoded / model.BatchesEncoded:F1} sentences per encoder call");
Console.WriteLine($"micro-batched / raw batched   {microBatched.Max() / rawBatched.Max():F2} ({Median(microBatched) / Median(rawBatched):F2})");
Console.WriteLine($"micro-batched / one at a time {microBatched.Max() / oneAtATime.Max():F2} ({Median(microBatched) / Median(oneAtATime):F2})");

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static double Measure(int sentences, Action run)
{
    var watch = Stopwatch.StartNew();
    run();
    return sentences / watch.Elapsed.TotalSeconds;
}

// Questions of about 40-60 characters, the length of a typical chat question.
static string[] Sentences(int count, int seed)
{
    string[] subjects = ["my password", "the invoice", "a grain", "the cluster", "my subscription", "the silo", "an API key", "the model"];
    string[] verbs = ["reset", "cancel", "configure", "restart", "inspect", "upgrade", "delete", "export"];
    string[] endings = ["without losing data", "from the dashboard", "on Linux", "for a whole team", "after a failed deploy", "in production"];
    var random = new Random(seed);
    return [.. Enumerable.Range(0, count).Select(i =>
        $"How do I {verbs[random.Next(verbs.Length)]} {subjects[random.Next(subjects.Length)]} {endings[random.Next(endings.Length)]} (case {i})?")];
}
