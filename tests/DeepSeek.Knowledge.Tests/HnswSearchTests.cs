using DeepSeek.Knowledge.Index;

namespace DeepSeek.Knowledge.Tests;

/// <summary>The HNSW path must be invisible to callers: same answers as the exact scan, only faster.</summary>
public sealed class HnswSearchTests
{
    private const int Dimension = 64;
    private const int Count = 3000;
    private static readonly KnowledgeIndexOptions Hnsw = new() { HnswThreshold = 1000, ExpansionAdd = 64 };
    private static readonly KnowledgeIndexOptions BruteForce = new() { HnswThreshold = int.MaxValue };

    private static List<EmbeddedEntry> ClusteredEntries(int count, int seed) =>
        [.. SyntheticVectors.Clustered(count, Dimension, clusters: 150, noise: 0.6f, seed)
            .Select((v, i) => new EmbeddedEntry(KnowledgeIndexTests.Entry($"e{i}", $"question {i}", contextFree: i % 3 != 0), v))];

    private static float[][] Queries(IReadOnlyList<EmbeddedEntry> entries, int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => SyntheticVectors.Near(entries[random.Next(entries.Count)].Vector, random, 0.5f))];
    }

    [Fact]
    public void HnswFindsTheSameTopHitAsBruteForce()
    {
        var entries = ClusteredEntries(Count, seed: 1);
        using var exact = new KnowledgeIndex("test", Dimension, BruteForce);
        using var approximate = new KnowledgeIndex("test", Dimension, Hnsw);
        exact.AddRange(entries);
        approximate.AddRange(entries);
        Assert.Equal(KnowledgeSearchMode.BruteForce, exact.SearchMode);
        Assert.Equal(KnowledgeSearchMode.Hnsw, approximate.SearchMode);

        var queries = Queries(entries, 300, seed: 2);
        foreach (var requireContextFree in new[] { false, true })
        {
            var agree = queries.Count(q =>
                exact.Lookup(q, null, -1f, requireContextFree).Entry!.Id == approximate.Lookup(q, null, -1f, requireContextFree).Entry!.Id);
            Assert.True(agree >= 0.98 * queries.Length, $"top-1 recall {agree}/{queries.Length} (context-free only: {requireContextFree})");
        }
    }

    [Fact]
    public void RemovedEntriesNeverAnswerOnEitherPath()
    {
        var entries = ClusteredEntries(1500, seed: 3);
        foreach (var options in new[] { BruteForce, Hnsw })
        {
            using var index = new KnowledgeIndex("test", Dimension, options);
            index.AddRange(entries);
            var removed = entries.Take(200).ToList();
            foreach (var (entry, _) in removed) Assert.True(index.Remove(entry.Id));

            Assert.Equal(1300, index.Count);
            Assert.Equal(options == Hnsw ? KnowledgeSearchMode.Hnsw : KnowledgeSearchMode.BruteForce, index.SearchMode);
            foreach (var (entry, vector) in removed)
            {
                var match = index.Lookup(vector, null, -1f, requireContextFree: false);
                Assert.NotEqual(entry.Id, match.Entry!.Id);
                Assert.True(match.Similarity < 0.9999f);
                Assert.Null(index.Get(entry.Id));
            }
            foreach (var (entry, vector) in entries.Skip(200).Take(100))
                Assert.Equal(entry.Id, index.Lookup(vector, null, 0.9999f, requireContextFree: false).Entry?.Id);
        }
    }

    [Fact]
    public void TheIndexSwitchesToHnswWhenItGrowsAndBackWhenItShrinks()
    {
        var entries = ClusteredEntries(300, seed: 4);
        using var index = new KnowledgeIndex("test", Dimension, new KnowledgeIndexOptions { HnswThreshold = 200 });

        index.AddRange(entries[..200]);
        Assert.Equal(KnowledgeSearchMode.BruteForce, index.SearchMode);
        foreach (var item in entries[200..]) index.Add(item.Entry, item.Vector);
        Assert.Equal(KnowledgeSearchMode.Hnsw, index.SearchMode);
        Assert.All(entries, e => Assert.Equal(e.Entry.Id, index.Lookup(e.Vector, null, 0.9999f, false).Entry?.Id));

        foreach (var item in entries[..201]) index.Remove(item.Entry.Id);
        Assert.Equal(KnowledgeSearchMode.BruteForce, index.SearchMode);
        Assert.All(entries[201..], e => Assert.Equal(e.Entry.Id, index.Lookup(e.Vector, null, 0.9999f, false).Entry?.Id));
    }

    [Fact]
    public async Task LookupsRunSafelyWhileEntriesAreAddedAndRemoved()
    {
        var entries = ClusteredEntries(1200, seed: 5);
        using var index = new KnowledgeIndex("test", Dimension, new KnowledgeIndexOptions { HnswThreshold = 400 });
        index.AddRange(entries[..300]);
        var stable = entries[..100];
        using var done = new CancellationTokenSource();

        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            var random = new Random(r);
            var lookups = 0;
            while (!done.IsCancellationRequested || lookups < 100)
            {
                var (entry, vector) = stable[random.Next(stable.Count)];
                Assert.Equal(entry.Id, index.Lookup(vector, null, 0.9999f, false).Entry?.Id);
                lookups++;
            }
            return lookups;
        })).ToArray();

        // Grow past the HNSW threshold one entry at a time, then shrink below half of it.
        foreach (var item in entries[300..]) index.Add(item.Entry, item.Vector);
        foreach (var item in entries[150..]) index.Remove(item.Entry.Id);
        await done.CancelAsync();

        var counts = await Task.WhenAll(readers);
        Assert.All(counts, c => Assert.True(c >= 100));
        Assert.Equal(150, index.Count);
        Assert.Equal(KnowledgeSearchMode.BruteForce, index.SearchMode);
    }
}
