using DeepSeek.Streaming.Benchmarks;
using DeepSeek.Testing;

// Events per second end to end: the Kafka stream provider (producer grain → implicit subscriber) against plain
// Confluent.Kafka produce + consume, on the same in-process mock cluster in the same run.
const int rawEvents = 200_000;
const int producers = 32;
const int batchedPerProducer = 6_250;  // 200,000 events
const int batchSize = 100;
const int singlePerProducer = 500;     // 16,000 events, one producing call each
var linger = TimeSpan.FromMilliseconds(args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5);

using var kafka = new MockKafkaCluster();
kafka.CreateTopic(Bench.Topic, Bench.Partitions);
kafka.CreateTopic(Bench.RawTopic, Bench.Partitions);

// A serialized single-event batch container is about this big; the raw messages carry as many bytes.
const int valueBytes = 120;
RawKafka.EventsPerSecond(kafka.BootstrapServers, 20_000, valueBytes, linger); // warm-up
var raw = Median(Enumerable.Range(0, 3).Select(_ => RawKafka.EventsPerSecond(kafka.BootstrapServers, rawEvents, valueBytes, linger)));

await using var provider = await ProviderRun.StartAsync(kafka, silos: 1, linger);
await provider.EventsPerSecondAsync(producers, 200, batchSize); // warm-up: activations, agents, JIT
await provider.EventsPerSecondAsync(producers, 20, 1);
var batched = new List<double>();
var single = new List<double>();
for (var i = 0; i < 3; i++)
{
    batched.Add(await provider.EventsPerSecondAsync(producers, batchedPerProducer, batchSize));
    single.Add(await provider.EventsPerSecondAsync(producers, singlePerProducer, 1));
}

Console.WriteLine($"Kafka streams, end to end on librdkafka's mock cluster (1 broker, {Bench.Partitions} partitions), medians of 3 runs");
Console.WriteLine();
Console.WriteLine("| path | events | events/s | ratio to raw |");
Console.WriteLine("|---|---|---|---|");
Console.WriteLine($"| raw Confluent.Kafka produce + consume, one message per event | {rawEvents:N0} | {raw:N0} | 1.00 |");
Console.WriteLine($"| provider, {producers} producer grains, {batchSize} events per producing call | {producers * batchedPerProducer:N0} | {Median(batched):N0} | {Median(batched) / raw:F2} |");
Console.WriteLine($"| provider, {producers} producer grains, one event per producing call | {producers * singlePerProducer:N0} | {Median(single):N0} | {Median(single) / raw:F2} |");
Console.WriteLine();
Console.WriteLine($"ratio (batched provider / raw): {Median(batched) / raw:F2} (target >= 0.50)");

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}
