using DeepSeek.Engine;
using DeepSeek.Grains.Models;
using DeepSeek.Tokenizers;
using DeepSeek.Tokenizers.Chat;

namespace DeepSeek.Grains.Tests;

/// <summary>Token counts are what the model's tokenizer says, whether or not they were counted before.</summary>
public sealed class ModelTokenCounterTests
{
    [Fact]
    public void RepeatedTextsCountTheSameAsTheTokenizerSays()
    {
        var tokenizer = new ByteTokenizer();
        var counter = new ModelTokenCounter(new Host(("m", tokenizer)));
        string[] texts = ["What is the capital of France?", "", "héllo wörld", new string('x', ModelTokenCounter.MaxCachedTextLength + 10)];

        for (var round = 0; round < 3; round++)
            foreach (var text in texts)
                Assert.Equal(tokenizer.Encode(text, parseSpecialTokens: false).Count, counter.Count("m", text));
    }

    [Fact]
    public void TwoModelsWithTheSameTextKeepTheirOwnCounts()
    {
        var bytes = new ByteTokenizer();
        var host = new Host(("bytes", bytes), ("halves", new HalvingTokenizer(bytes)));
        var counter = new ModelTokenCounter(host);
        const string text = "Twelve chars";

        Assert.Equal(12, counter.Count("bytes", text));
        Assert.Equal(6, counter.Count("halves", text));
        Assert.Equal(12, counter.Count("bytes", text));
    }

    [Fact]
    public void AModelRegisteredAgainUnderTheSameIdIsCountedWithItsNewTokenizer()
    {
        var bytes = new ByteTokenizer();
        var host = new Host(("m", bytes));
        var counter = new ModelTokenCounter(host);
        Assert.Equal(4, counter.Count("m", "four"));

        host.Replace("m", new HalvingTokenizer(bytes));

        Assert.Equal(2, counter.Count("m", "four"));
    }

    [Fact]
    public void ManyDistinctTextsStayCorrectPastTheMemoryBound()
    {
        var counter = new ModelTokenCounter(new Host(("m", new ByteTokenizer())));
        for (var i = 0; i < ModelTokenCounter.CachedTexts * 2 + 5; i++)
        {
            var text = $"question {i}";
            Assert.Equal(text.Length, counter.Count("m", text));
        }
        Assert.Equal(3, counter.Count("unknown-model", "twelve bytes")); // ~4 bytes per token when the model is unknown
    }

    /// <summary>Half as many tokens as bytes: a second tokenizer that disagrees with the first.</summary>
    private sealed class HalvingTokenizer(ITokenizer inner) : ITokenizer
    {
        public IReadOnlyList<int> Encode(string text, bool parseSpecialTokens = true) =>
            [.. inner.Encode(text, parseSpecialTokens).Where((_, i) => i % 2 == 0)];

        public int VocabularySize => inner.VocabularySize;
        public int? BeginOfSequenceId => inner.BeginOfSequenceId;
        public IReadOnlyCollection<int> EndOfSequenceIds => inner.EndOfSequenceIds;
        public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false) => inner.Decode(ids, skipSpecialTokens);
        public ReadOnlySpan<byte> TokenBytes(int id) => inner.TokenBytes(id);
        public bool IsSpecial(int id) => inner.IsSpecial(id);
        public int? TokenToId(string token) => inner.TokenToId(token);
    }

    private sealed class Host(params (string Id, ITokenizer Tokenizer)[] models) : IModelHost
    {
        private readonly Dictionary<string, ModelDescriptor> _models = models.ToDictionary(m => m.Id, m => Describe(m.Id, m.Tokenizer));

        public void Replace(string id, ITokenizer tokenizer) => _models[id] = Describe(id, tokenizer);

        private static ModelDescriptor Describe(string id, ITokenizer tokenizer) =>
            new(id, "llama", 0, 128, tokenizer, new PlainTemplate(), DateTimeOffset.UnixEpoch);

        public string DefaultModel => _models.Keys.First();
        public IReadOnlyList<ModelDescriptor> Models => [.. _models.Values];
        public bool TryGetModel(string id, out ModelDescriptor model) => _models.TryGetValue(id, out model!);
        public Task<IGenerationEngine> GetEngineAsync(string modelId, int deviceIndex, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
        public IReadOnlyList<string> LoadedModels(int deviceIndex) => [];
        public EngineStatistics? Statistics(int deviceIndex) => null;
    }
}
