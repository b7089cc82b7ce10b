using DeepSeek.Knowledge.Index;

namespace DeepSeek.Knowledge.Tests;

public sealed class KnowledgeIndexTests
{
    private const int Dimension = 8;
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    internal static KnowledgeEntry Entry(string id, string question, bool contextFree = true, KnowledgeSource source = KnowledgeSource.Curated, int minutes = 0) =>
        new(id, question, $"answer {id}", contextFree, Now.AddMinutes(minutes), source);

    private static float[] Axis(int axis, float tilt = 0f)
    {
        var vector = new float[Dimension];
        vector[axis] = 1f;
        vector[(axis + 1) % Dimension] = tilt;
        return vector;
    }

    [Fact]
    public void NearestEntryAnswersWhenAboveThreshold()
    {
        using var index = new KnowledgeIndex("test", Dimension);
        index.Add(Entry("a", "alpha"), Axis(0));
        index.Add(Entry("b", "beta"), Axis(1));

        var hit = index.Lookup(Axis(0, tilt: 0.2f), null, 0.9f, requireContextFree: false);

        Assert.Equal(KnowledgeMatchKind.Semantic, hit.Kind);
        Assert.Equal("a", hit.Entry!.Id);
        Assert.Equal(1 / MathF.Sqrt(1.04f), hit.Similarity!.Value, 5);
    }

    [Fact]
    public void AMissReportsTheBestSimilaritySeen()
    {
        using var index = new KnowledgeIndex("test", Dimension);
        index.Add(Entry("a", "alpha"), Axis(0));

        var miss = index.Lookup(Axis(0, tilt: 1f), null, 0.9f, requireContextFree: false);

        Assert.False(miss.IsHit);
        Assert.Null(miss.Entry);
        Assert.Equal(MathF.Sqrt(0.5f), miss.Similarity!.Value, 5);
    }

    [Fact]
    public void ExactNormalizedTextHitsWithoutAnEmbedding()
    {
        using var index = new KnowledgeIndex("test", Dimension);
        index.Add(Entry("a", "What is Orleans?"), Axis(0));

        var hit = index.Lookup(null, QuestionNormalizer.Normalize("  what is ORLEANS "), 0.99f, requireContextFree: false);

        Assert.Equal(KnowledgeMatchKind.ExactText, hit.Kind);
        Assert.Equal("a", hit.Entry!.Id);
        Assert.Equal(KnowledgeMatchKind.Miss, index.Lookup(null, "what is a grain", 0.5f, false).Kind);
    }

    [Fact]
    public void WithContextOnlyContextFreeEntriesAnswer()
    {
        using var index = new KnowledgeIndex("test", Dimension);
        index.Add(Entry("bound", "what did you mean", contextFree: false), Axis(0));
        index.Add(Entry("free", "what is orleans", contextFree: true), Axis(2));

        Assert.Equal("bound", index.Lookup(Axis(0), "what did you mean", 0.9f, requireContextFree: false).Entry!.Id);
        var withContext = index.Lookup(Axis(0), "what did you mean", 0.9f, requireContextFree: true);
        Assert.False(withContext.IsHit);
        Assert.Equal(0f, withContext.Similarity!.Value, 5);
        Assert.Equal("free", index.Lookup(Axis(2), null, 0.9f, requireContextFree: true).Entry!.Id);
    }

    [Fact]
    public void SameTextPrefersCuratedThenNewest()
    {
        using var index = new KnowledgeIndex("test", Dimension);
        index.Add(Entry("learned", "q", source: KnowledgeSource.Learned, minutes: 5), Axis(0));
        index.Add(Entry("old", "q", minutes: 1), Axis(0));
        index.Add(Entry("new", "Q?", minutes: 2), Axis(0));

        Assert.Equal("new", index.Lookup(null, "q", 1f, false).Entry!.Id);
        index.Remove("new");
        index.Remove("old");
        Assert.Equal("learned", index.Lookup(null, "q", 1f, false).Entry!.Id);
    }

    [Fact]
    public void AddReplacesByIdAndRemoveForgets()
    {
        using var index = new KnowledgeIndex("test", Dimension);
        Assert.True(index.Add(Entry("a", "alpha"), Axis(0)));
        Assert.False(index.Add(Entry("a", "alpha two"), Axis(3)));

        Assert.Equal(1, index.Count);
        Assert.Equal("alpha two", index.Get("a")!.Question);
        Assert.False(index.Lookup(null, "alpha", 1f, false).IsHit);
        Assert.Equal("a", index.Lookup(Axis(3), null, 0.99f, false).Entry!.Id);

        Assert.True(index.Remove("a"));
        Assert.False(index.Remove("a"));
        Assert.Null(index.Get("a"));
        Assert.Empty(index.List());
        Assert.Equal(new KnowledgeMatch(KnowledgeMatchKind.Miss, null, null), index.Lookup(Axis(3), "alpha two", 0f, false));
    }

    [Fact]
    public void ListReturnsEntriesOldestFirst()
    {
        using var index = new KnowledgeIndex("test", Dimension);
        index.Add(Entry("b", "beta", minutes: 2), Axis(1));
        index.Add(Entry("a", "alpha", minutes: 1), Axis(0));
        index.Add(Entry("c", "gamma", minutes: 3), Axis(2));
        index.Remove("a");

        Assert.Equal(["b", "c"], index.List().Select(e => e.Id));
    }

    [Fact]
    public void BadInputIsRejectedBeforeAnythingIsAdded()
    {
        using var index = new KnowledgeIndex("test", Dimension);

        Assert.Throws<ArgumentException>(() => index.AddRange([new(Entry("a", "alpha"), Axis(0)), new(Entry("b", "beta"), new float[3])]));
        Assert.Throws<ArgumentException>(() => index.Add(Entry("c", "gamma"), new float[Dimension]));
        Assert.Throws<ArgumentException>(() => index.Add(Entry("d", "  "), Axis(0)));
        Assert.Throws<ArgumentException>(() => index.Lookup([float.NaN, 0, 0, 0, 0, 0, 0, 0], null, 0.5f, false));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void VectorsAreNormalisedSoSimilarityIsCosine()
    {
        using var index = new KnowledgeIndex("test", Dimension);
        var scaled = Axis(0);
        scaled[0] = 10f;
        index.Add(Entry("a", "alpha"), scaled);

        Assert.Equal(1f, index.Lookup(Axis(0), null, 0.99f, false).Similarity!.Value, 5);
    }
}
