// Reproduces the bundled deepseek-tiny model: expands models/corpus/topics.txt into the corpus files next to it,
// trains a small Llama on them from scratch, saves the model directory, measures it and writes its model card.
// Usage: dotnet run -c Release --project tools/DeepSeek.TrainTiny -- --out models/deepseek-tiny [--steps 1600 --threads 1]
// One libtorch thread by default: the result then does not depend on the machine's core count, and on a small
// shared machine two threads ran several times slower than one (they wait on each other whenever one is descheduled).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DeepSeek.Engine;
using DeepSeek.Models;
using DeepSeek.Tokenizers;
using DeepSeek.Training;
using DeepSeek.Training.Data;
using DeepSeek.TrainTiny;
using TorchSharp;
using static TorchSharp.torch;

var output = Path.GetFullPath(Arg("--out", "models/deepseek-tiny"));
var corpusDirectory = Path.GetFullPath(Arg("--corpus", Path.Combine(Path.GetDirectoryName(output)!, "corpus")));
var options = TinyRecipe.Training(int.Parse(Arg("--steps", "1600"), CultureInfo.InvariantCulture), int.Parse(Arg("--threads", "1"), CultureInfo.InvariantCulture));
var tokenizer = new ByteTokenizer();
var template = ChatTemplates.Get(ChatTemplates.Plain);

// 1. The corpus: written out and read back, so the model is trained on exactly the committed files.
var blocks = TopicFile.Read(Path.Combine(corpusDirectory, "topics.txt"));
var generator = new CorpusGenerator(blocks, TinyRecipe.Seed,
    conversation => tokenizer.Encode(template.Render(conversation, addGenerationPrompt: false)).Count, TinyRecipe.SequenceLength + 1);
generator.Generate(TinyRecipe.HeldOutFraction).Write(corpusDirectory);
var plainTrain = GeneratedCorpus.ReadPlain(Path.Combine(corpusDirectory, GeneratedCorpus.PlainTrainFile));
var plainHeldOut = GeneratedCorpus.ReadPlain(Path.Combine(corpusDirectory, GeneratedCorpus.PlainHeldOutFile));
var chatTrain = ChatJsonlDataset.Load(Path.Combine(corpusDirectory, GeneratedCorpus.ChatTrainFile), tokenizer, template).Dataset;
var chatHeldOut = ChatJsonlDataset.Load(Path.Combine(corpusDirectory, GeneratedCorpus.ChatHeldOutFile), tokenizer, template).Dataset;
var packedTrain = PackedTextDataset.Build(plainTrain, tokenizer, TinyRecipe.SequenceLength);
var packedHeldOut = PackedTextDataset.Build(plainHeldOut, tokenizer, TinyRecipe.SequenceLength);
// One mixture: packed windows teach the language, conversations the chat format and when to stop.
var train = new TokenDataset(packedTrain.Concat(chatTrain.Pack(TinyRecipe.SequenceLength)));
var corpusBytes = new[] { GeneratedCorpus.PlainTrainFile, GeneratedCorpus.PlainHeldOutFile, GeneratedCorpus.ChatTrainFile, GeneratedCorpus.ChatHeldOutFile }
    .Sum(f => new FileInfo(Path.Combine(corpusDirectory, f)).Length);
Console.WriteLine($"corpus: {blocks.Count} blocks -> {plainTrain.Count}+{plainHeldOut.Count} documents, {chatTrain.Count}+{chatHeldOut.Count} conversations " +
    $"(train+held-out; {generator.TooLong} too long, left out), {corpusBytes / 1024.0:F0} KiB");
Console.WriteLine($"train: {packedTrain.Count} plain-text windows + {train.Count - packedTrain.Count} windows of packed conversations");

// 2. Training from scratch.
var config = TinyRecipe.Config(tokenizer);
using var model = new CausalLM(config);
model.InitializeWeights(TinyRecipe.Seed);
Console.WriteLine($"model: {model.ParameterCount:N0} parameters; {options.Steps} steps of {options.BatchSize} x {options.SequenceLength} tokens, {options.Threads} threads");
var watch = Stopwatch.StartNew();
var tokensSeen = 0L;
double plainLossFp32;
TrainingResult result;
using (var trainer = new Trainer(model, train, packedHeldOut, options))
{
    result = trainer.Run(onStep: progress =>
    {
        tokensSeen += options.BatchSize * options.SequenceLength;
        if (progress.Step % 10 == 0 || progress.EvalLoss is not null) Console.WriteLine(progress);
    });
    plainLossFp32 = trainer.Evaluate(packedHeldOut);
}
var trainingTime = watch.Elapsed;
Console.WriteLine($"trained in {trainingTime.TotalMinutes:F1} min; held-out loss (fp32) {plainLossFp32:F4}");

// 3. The model directory, weights stored as bf16.
Directory.CreateDirectory(output);
model.to(ScalarType.BFloat16);
ModelDirectory.Save(output, model, tokenizer.Save);
File.WriteAllText(Path.Combine(output, GenerationConfig.FileName),
    JsonSerializer.Serialize(TinyRecipe.Generation(tokenizer), new JsonSerializerOptions { WriteIndented = true }) + "\n");

// 4. Measured as it is served: opened from disk, fp32 on the CPU, prompts in the directory's chat format.
var directory = ModelDirectory.Open(output);
using var served = directory.LoadModel();
var plainLoss = Trainer.Evaluate(served, packedHeldOut, TinyRecipe.SequenceLength);
var chatLoss = Trainer.Evaluate(served, chatHeldOut, TinyRecipe.SequenceLength);
var unigram = UnigramBaseline.Entropy(packedHeldOut, TinyRecipe.SequenceLength);
var chatUnigram = UnigramBaseline.Entropy(chatHeldOut, TinyRecipe.SequenceLength);
Console.WriteLine($"held-out plain text: loss {plainLoss:F4} nats/token vs unigram {unigram:F4}; held-out chat replies: loss {chatLoss:F4} vs unigram {chatUnigram:F4}");

var samples = new List<SampleGeneration>();
await using (var engine = new BatchingEngine(served, directory.Tokenizer, new EngineOptions { MaxBatchSize = 4 }))
{
    string[] prompts = ["Hello!", "What is Orleans?", "What is a grain?", "How does continuous batching work?", "Who are you?", "What is the capital of France?", "what is a silo used for"];
    foreach (var prompt in prompts) samples.Add(await GenerateAsync(engine, prompt, temperature: 0));
    foreach (var prompt in new[] { "Tell me about DeepSeek.Orleans.", "What is LoRA?" }) samples.Add(await GenerateAsync(engine, prompt, temperature: 0.7));
}
foreach (var sample in samples) Console.WriteLine($"[T={sample.Temperature}] {sample.Prompt} -> {sample.Reply} ({sample.FinishReason}, {sample.CompletionTokens} tokens)");

ModelCard.Write(Path.Combine(output, "README.md"), new TrainingSummary
{
    Config = config,
    Parameters = served.ParameterCount,
    Options = options,
    TopicBlocks = blocks.Count,
    PlainTrainDocuments = plainTrain.Count,
    PlainHeldOutDocuments = plainHeldOut.Count,
    ChatTrainConversations = chatTrain.Count,
    ChatHeldOutConversations = chatHeldOut.Count,
    CorpusBytes = corpusBytes,
    TrainSequences = train.Count,
    TrainTokens = train.Sum(w => (long)w.Tokens.Length),
    TrainTokensSeen = tokensSeen,
    TrainingTime = trainingTime,
    FinalTrainLoss = result.Loss ?? double.NaN,
    PlainHeldOutLossFp32 = plainLossFp32,
    PlainHeldOutLoss = plainLoss,
    PlainUnigramEntropy = unigram,
    PlainHeldOutTargets = packedHeldOut.Sum(s => s.TargetCount(TinyRecipe.SequenceLength + 1)),
    ChatHeldOutLoss = chatLoss,
    ChatUnigramEntropy = chatUnigram,
    WeightsBytes = new FileInfo(Path.Combine(output, "model.safetensors")).Length,
    Samples = samples,
});
Console.WriteLine($"wrote {output}");

async Task<SampleGeneration> GenerateAsync(BatchingEngine engine, string prompt, double temperature)
{
    var ids = directory.Tokenizer.Encode(directory.ChatTemplate.Render([new ChatMessage("user", prompt)], addGenerationPrompt: true));
    // The end-of-turn marker is a token of its own; stop on it as the server does.
    var stopIds = directory.ChatTemplate.StopSequences.Select(s => directory.Tokenizer.TokenToId(s)).OfType<int>().ToArray();
    var sampling = new SamplingOptions { Temperature = temperature, TopP = temperature > 0 ? 0.9 : 1.0, Seed = TinyRecipe.Seed, MaxTokens = 128, StopTokenIds = stopIds };
    var text = new System.Text.StringBuilder();
    GenerationChunk? last = null;
    await foreach (var chunk in engine.GenerateAsync(new GenerationRequest(ids, sampling)))
    {
        text.Append(chunk.Text);
        last = chunk;
    }
    return new SampleGeneration(prompt, temperature, text.ToString(), last?.FinishReason?.ToString().ToLowerInvariant() ?? "none", last?.Usage?.CompletionTokens ?? 0);
}

string Arg(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
