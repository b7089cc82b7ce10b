// Training throughput and memory on the bundled deepseek-tiny model: full training at batch 4 and 16, and
// LoRA (rank 8 on q_proj, v_proj) against full fine-tuning at the same batch.
// Usage: dotnet run -c Release --project tests/DeepSeek.Training.Benchmarks [-- --steps 12 --threads 1 --rounds 3]
//
// Each configuration runs in a fresh child process of this program, and the child reports its own
// Process.PeakWorkingSet64 when it is done: a peak cannot be reset within a process, and libtorch's allocator keeps
// freed memory, so only a new process gives one configuration's peak. A "baseline" child loads the model and trains
// nothing; peak minus baseline is what training itself needed (activations, gradients, optimizer moments).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DeepSeek.Models;
using DeepSeek.Tokenizers;
using DeepSeek.Training;
using DeepSeek.Training.Adapters;
using DeepSeek.Training.Benchmarks;
using DeepSeek.Training.Data;

const int SequenceLength = 128;
const string ResultPrefix = "RESULT ";
var steps = Arg("--steps", 12);
var threads = Arg("--threads", 1);

var childIndex = Array.IndexOf(args, "--child");
if (childIndex >= 0)
{
    var measurement = RunChild(args[childIndex + 1]);
    Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(measurement));
    return;
}

string[] names = ["baseline", "full-b4", "full-b16", "lora-b4", "lora-b16"];
var samples = names.ToDictionary(n => n, _ => new List<Measurement>());
// Rounds run every configuration in turn, so drifting machine load hits all of them alike.
for (var round = 0; round < Arg("--rounds", 3); round++)
{
    foreach (var name in names)
    {
        var measurement = Spawn(name);
        samples[name].Add(measurement);
        Console.WriteLine($"round {round + 1} {name,-9} {measurement.TokensPerSecond,8:F0} tokens/s  peak {Mib(measurement.PeakWorkingSet),6:F0} MiB");
    }
}

var results = samples.ToDictionary(s => s.Key, s => new Measurement(s.Key,
    Median(s.Value.Select(m => m.TokensPerSecond)), (long)Median(s.Value.Select(m => (double)m.PeakWorkingSet)), s.Value[0].TrainableParameters));
var baseline = results["baseline"].PeakWorkingSet;
Console.WriteLine();
Console.WriteLine($"deepseek-tiny, sequence {SequenceLength}, {threads} libtorch thread(s), {steps} measured steps; medians of {samples["baseline"].Count} rounds");
Console.WriteLine($"{"configuration",-10} {"trainable",10} {"tokens/s",9} {"peak MiB",9} {"over baseline",14}");
foreach (var (name, m) in results)
    Console.WriteLine($"{name,-10} {m.TrainableParameters,10:N0} {m.TokensPerSecond,9:F0} {Mib(m.PeakWorkingSet),9:F0} {Mib(m.PeakWorkingSet - baseline),14:F0}");
Console.WriteLine();
Console.WriteLine($"ratio full tokens/s, batch 16 / batch 4:        {results["full-b16"].TokensPerSecond / results["full-b4"].TokensPerSecond:F2}");
Console.WriteLine($"ratio LoRA / full tokens/s, batch 4:            {results["lora-b4"].TokensPerSecond / results["full-b4"].TokensPerSecond:F2}");
Console.WriteLine($"ratio LoRA / full tokens/s, batch 16:           {results["lora-b16"].TokensPerSecond / results["full-b16"].TokensPerSecond:F2}");
Console.WriteLine($"ratio LoRA / full memory over baseline, b 4:    {Ratio(results["lora-b4"], results["full-b4"]):F2}");
Console.WriteLine($"ratio LoRA / full memory over baseline, b 16:   {Ratio(results["lora-b16"], results["full-b16"]):F2}");

double Ratio(Measurement lora, Measurement full) => (double)(lora.PeakWorkingSet - baseline) / Math.Max(1, full.PeakWorkingSet - baseline);

Measurement Spawn(string name)
{
    // The same program again: through the dotnet host when that is how this one runs, else its own apphost.
    var self = Environment.ProcessPath!;
    var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(Measurement).Assembly.Location);
    foreach (var arg in new[] { "--child", name, "--steps", steps.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture) })
        start.ArgumentList.Add(arg);
    using var child = Process.Start(start)!;
    var output = child.StandardOutput.ReadToEnd();
    child.WaitForExit();
    var line = output.Split('\n').LastOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"Child '{name}' exited with {child.ExitCode} and no result:\n{output}");
    return JsonSerializer.Deserialize<Measurement>(line[ResultPrefix.Length..])!;
}

Measurement RunChild(string name)
{
    var directory = ModelDirectory.Open(FindModel());
    using var model = directory.LoadModel();
    ComputeDevice.SetCpuThreads(threads);

    // Plain-text windows of the model's own corpus: every position is a target, no padding.
    var corpus = Path.Combine(Path.GetDirectoryName(directory.Path)!, "corpus", "plain-train.jsonl");
    var documents = File.ReadLines(corpus).Select(Text).ToArray();
    var data = PackedTextDataset.Build(documents, directory.Tokenizer, SequenceLength, directory.Tokenizer.TokenToId(ByteTokenizer.EndOfSequenceToken));
    if (name == "baseline")
        return new Measurement(name, 0, Process.GetCurrentProcess().PeakWorkingSet64, 0);

    var batchSize = name.EndsWith("b16", StringComparison.Ordinal) ? 16 : 4;
    if (name.StartsWith("lora", StringComparison.Ordinal))
        Lora.Apply(model, new LoraOptions { Rank = 8, Alpha = 16, TargetModules = ["q_proj", "v_proj"] });
    var trainable = model.parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    // The first steps pay for allocator growth and first-call costs; they are run but not timed.
    const int warmup = 3;
    var rates = new List<double>();
    using var trainer = new Trainer(model, data, null, new TrainingOptions
    {
        Steps = warmup + steps, BatchSize = batchSize, SequenceLength = SequenceLength, LearningRate = 1e-4, MinLearningRate = 1e-5,
        WarmupSteps = 0, EvalInterval = 0, CheckpointInterval = 0, Threads = threads,
    });
    trainer.Run(onStep: p => { if (p.Step > warmup) rates.Add(p.TokensPerSecond); });
    return new Measurement(name, Median(rates), Process.GetCurrentProcess().PeakWorkingSet64, trainable);
}

static string FindModel()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "DeepSeek.Orleans.sln"))) return Path.Combine(directory.FullName, "models", "deepseek-tiny");
    }
    throw new DirectoryNotFoundException("No DeepSeek.Orleans.sln above the benchmark's folder.");
}

static string Text(string jsonLine)
{
    using var document = JsonDocument.Parse(jsonLine);
    return document.RootElement.GetProperty("text").GetString()!;
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    if (sorted.Length == 0) return 0;
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static double Mib(long bytes) => bytes / (1024.0 * 1024.0);

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
