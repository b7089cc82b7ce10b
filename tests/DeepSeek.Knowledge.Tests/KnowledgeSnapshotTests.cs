using DeepSeek.Knowledge.Index;

namespace DeepSeek.Knowledge.Tests;

public sealed class KnowledgeSnapshotTests
{
    private const int Dimension = 16;

    private static KnowledgeIndex Sample(KnowledgeIndexOptions? options = null)
    {
        var index = new KnowledgeIndex("test-model", Dimension, options);
        var vectors = SyntheticVectors.Clustered(40, Dimension, clusters: 8, noise: 0.3f, seed: 7);
        for (var i = 0; i < vectors.Length; i++)
        {
            var metadata = i % 2 == 0 ? new Dictionary<string, string> { ["completion"] = $"cmpl-{i}" } : null;
            index.Add(
                new KnowledgeEntry($"e{i}", $"Question {i}?", $"Answer {i}", i % 3 == 0,
                    new DateTimeOffset(2026, 12, 1, 10, i, 0, TimeSpan.FromHours(i % 2)),
                    i % 4 == 0 ? KnowledgeSource.Learned : KnowledgeSource.Curated, metadata),
                vectors[i]);
        }
        index.Remove("e5");
        return index;
    }

    private static void AssertSameAnswers(KnowledgeIndex expected, KnowledgeIndex actual)
    {
        Assert.Equal(expected.EmbeddingModel, actual.EmbeddingModel);
        Assert.Equal(expected.Dimension, actual.Dimension);
        var before = expected.Export();
        var after = actual.Export();
        Assert.Equal(before.Entries.Count, after.Entries.Count);
        foreach (var (x, y) in before.Entries.Zip(after.Entries))
        {
            Assert.Equal(x.Entry with { Metadata = null }, y.Entry with { Metadata = null });
            Assert.Equal(x.Entry.CreatedAt.Offset, y.Entry.CreatedAt.Offset);
            Assert.Equal(x.Entry.Metadata?.ToArray(), y.Entry.Metadata?.ToArray());
            Assert.Equal(x.Vector, y.Vector);
            AssertSameMatch(expected.Lookup(x.Vector, null, 0.5f, true), actual.Lookup(x.Vector, null, 0.5f, true));
        }
        AssertSameMatch(expected.Lookup(null, "question 7", 1f, false), actual.Lookup(null, "question 7", 1f, false));
    }

    private static void AssertSameMatch(KnowledgeMatch expected, KnowledgeMatch actual)
    {
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Entry?.Id, actual.Entry?.Id);
        Assert.Equal(expected.Similarity, actual.Similarity);
    }

    [Fact]
    public void ExportThenImportRebuildsTheSameIndex()
    {
        using var original = Sample();
        using var restored = KnowledgeIndex.Import(original.Export());

        Assert.Equal(39, restored.Count);
        AssertSameAnswers(original, restored);
    }

    [Fact]
    public void BinaryRoundTripRebuildsTheSameIndexOnTheHnswPath()
    {
        var options = new KnowledgeIndexOptions { HnswThreshold = 10 };
        using var original = Sample(options);
        using var stream = new MemoryStream();

        KnowledgeSnapshotSerializer.Write(original.Export(), stream);
        stream.Position = 0;
        using var restored = KnowledgeIndex.Import(KnowledgeSnapshotSerializer.Read(stream), options);

        Assert.Equal(KnowledgeSearchMode.Hnsw, restored.SearchMode);
        AssertSameAnswers(original, restored);
    }

    [Fact]
    public void ATruncatedSnapshotIsReportedAsCorrupt()
    {
        using var original = Sample();
        using var stream = new MemoryStream();
        KnowledgeSnapshotSerializer.Write(original.Export(), stream);

        using var truncated = new MemoryStream(stream.ToArray()[..(int)(stream.Length / 2)]);
        Assert.Throws<InvalidDataException>(() => KnowledgeSnapshotSerializer.Read(truncated));
        Assert.Throws<InvalidDataException>(() => KnowledgeSnapshotSerializer.Read(new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8])));
    }
}
