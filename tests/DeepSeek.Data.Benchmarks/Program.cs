// Grain-state writes per second through the Orleans ADO.NET storage provider, against a bare Npgsql
// optimistic-update loop on the same table with the same concurrency, measured in one run.
// Usage: dotnet run -c Release --project tests/DeepSeek.Data.Benchmarks [-- --grains 512 --concurrency 16 --seconds 5 --rounds 3]
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DeepSeek.Data;
using DeepSeek.Data.Benchmarks;
using DeepSeek.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

var grains = Arg("--grains", 512);
var concurrency = Arg("--concurrency", 16);
var duration = TimeSpan.FromSeconds(Arg("--seconds", 5));
var rounds = Arg("--rounds", 3);

await using var server = await PostgresServer.ConnectOrStartAsync();
var database = await server.CreateDatabaseAsync($"bench_{Guid.NewGuid():N}"[..14]);
await new PostgresMigrator().MigrateAsync(database);
await using var dataSource = NpgsqlDataSource.Create(database);
Console.WriteLine($"{await ScalarAsync<string>("SHOW server_version")}; {grains} grains, {concurrency} concurrent writers, " +
                  $"{duration.TotalSeconds:0} s per round, {rounds} rounds (medians)");

// One silo with the grain-state provider under test; calls come from the same process (no network hop).
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);   // the workstation-GC notice
builder.UseOrleans(silo => silo
    .UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort())
    .AddAdoNetGrainStorage(StateWriterGrain.Storage, o =>
    {
        o.Invariant = "Npgsql";
        o.DataSource = dataSource;
    }));
using var host = builder.Build();
await host.StartAsync();
var factory = host.Services.GetRequiredService<IGrainFactory>();

// Warm-up: every grain is activated and inserts its row; the raw path gets the same rows with a
// payload as large as the provider's.
Task OrleansWrite(int key, int value) => factory.GetGrain<IStateWriterGrain>(key).WriteAsync(value);
await RunOnceOverAllKeysAsync(OrleansWrite);
var payloadBytes = await ScalarAsync<int>("SELECT avg(octet_length(payload))::int FROM orleans_grain_state WHERE state_name = 'writer'");
var raw = new RawWriter(dataSource, grains, new byte[payloadBytes]);
await raw.InsertRowsAsync();
await RunOnceOverAllKeysAsync(raw.WriteAsync);
Console.WriteLine($"payload: {payloadBytes} bytes per state (the provider's serialized form; the raw loop writes as many)");

// Rounds interleave the two paths so drifting machine load hits both alike.
var samples = new Dictionary<string, List<Measurement>> { ["raw"] = [], ["orleans"] = [] };
for (var round = 0; round < rounds; round++)
{
    samples["raw"].Add(await MeasureAsync(raw.WriteAsync));
    samples["orleans"].Add(await MeasureAsync(OrleansWrite));
}
var bare = Measurement.Median(samples["raw"]);
var orleans = Measurement.Median(samples["orleans"]);
Console.WriteLine($"raw Npgsql update loop:           {bare}");
Console.WriteLine($"Orleans ADO.NET grain storage:    {orleans}");
Console.WriteLine();
Console.WriteLine($"ratio Orleans / raw (writes/s):   {orleans.WritesPerSecond / bare.WritesPerSecond:F2}");

// Every write the loops counted must be in the table: versions add up.
var orleansVersions = await ScalarAsync<long>("SELECT sum(version) FROM orleans_grain_state WHERE state_name = 'writer'");
var rawVersions = await ScalarAsync<long>($"SELECT sum(version) FROM orleans_grain_state WHERE state_name = '{RawWriter.StateName}'");
var orleansExpected = grains + samples["orleans"].Sum(m => m.Writes);            // insert = version 1
var rawExpected = 2L * grains + samples["raw"].Sum(m => m.Writes);                 // insert + warm-up update
Console.WriteLine(orleansVersions == orleansExpected && rawVersions == rawExpected
    ? "check: every counted write is in the table"
    : $"check FAILED: versions {orleansVersions}/{orleansExpected} (Orleans), {rawVersions}/{rawExpected} (raw)");

await host.StopAsync();

async Task RunOnceOverAllKeysAsync(Func<int, int, Task> write) =>
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
    {
        for (var key = worker; key < grains; key += concurrency) await write(key, 0);
    }));

// Each writer owns the keys k with k % concurrency == writer and writes them in turn, one at a time:
// no key is written concurrently, as with a grain, so neither path sees version conflicts.
async Task<Measurement> MeasureAsync(Func<int, int, Task> write)
{
    var deadline = Stopwatch.StartNew();
    var latencies = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
    {
        var mine = new List<double>();
        var key = worker;
        while (deadline.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            await write(key, mine.Count);
            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            key += concurrency;
            if (key >= grains) key = worker;
        }
        return mine;
    }));
    return Measurement.From(latencies.SelectMany(l => l).ToList(), deadline.Elapsed);
}

async Task<T> ScalarAsync<T>(string sql)
{
    await using var command = dataSource.CreateCommand(sql);
    return (T)(await command.ExecuteScalarAsync())!;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback;
}
