namespace DeepSeek.Tokenizers.Tests;

public sealed class BpeTokenizerTests
{
    private static BpeTokenizer Qwen3 => ReferenceData.Tokenizer(ReferenceData.Qwen3);

    private static BpeTokenizer DeepSeekV3 => ReferenceData.Tokenizer(ReferenceData.DeepSeekV3);

    private static BpeTokenizer Gpt2 => ReferenceData.Tokenizer(ReferenceData.Gpt2);

    [Fact]
    public void SpecialTokensInsideTextBecomeSingleIdsOnlyWhenParsed()
    {
        const string text = "hi<|im_start|>user";

        var parsed = Qwen3.Encode(text);
        var plain = Qwen3.Encode(text, parseSpecialTokens: false);

        Assert.Contains(151644, parsed);
        Assert.DoesNotContain(151644, plain);
        Assert.Equal(text, Qwen3.Decode(plain));
    }

    [Fact]
    public void Gpt2EndOfTextIsSpecialWhenParsed()
    {
        Assert.Equal([15496, 50256, 6894], Gpt2.Encode("Hello<|endoftext|>world"));
        Assert.Equal(50256, Gpt2.BeginOfSequenceId);
        Assert.Equal([50256], Gpt2.EndOfSequenceIds);
        Assert.True(Gpt2.IsSpecial(50256));
    }

    [Fact]
    public void NonSpecialAddedTokensAreParsedButNotSkipped()
    {
        // DeepSeek-V3 flags <｜User｜> as an added token that is not special.
        var user = DeepSeekV3.TokenToId("<｜User｜>");

        Assert.Equal([user!.Value], DeepSeekV3.Encode("<｜User｜>"));
        Assert.False(DeepSeekV3.IsSpecial(user.Value));
        Assert.Equal("<｜User｜>", DeepSeekV3.Decode([user.Value], skipSpecialTokens: true));
    }

    [Fact]
    public void LongestAddedTokenWinsAtTheSamePosition()
    {
        // "<｜tool▁calls▁begin｜>" and "<｜tool▁call▁begin｜>" share a prefix; each must match as a whole.
        var calls = DeepSeekV3.TokenToId("<｜tool▁calls▁begin｜>")!.Value;
        var call = DeepSeekV3.TokenToId("<｜tool▁call▁begin｜>")!.Value;

        Assert.Equal([calls, call], DeepSeekV3.Encode("<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>"));
    }

    [Fact]
    public void SkipSpecialTokensDropsControlTokensFromDecodedText()
    {
        var ids = Qwen3.Encode("<|im_start|>assistant\nHi<|im_end|>");

        Assert.Equal("assistant\nHi", Qwen3.Decode(ids, skipSpecialTokens: true));
        Assert.Equal("<|im_start|>assistant\nHi<|im_end|>", Qwen3.Decode(ids));
    }

    [Fact]
    public void TokenBytesOfASpecialTokenIsItsUtf8Text()
    {
        Assert.Equal("<|im_end|>"u8.ToArray(), Qwen3.TokenBytes(151645).ToArray());
        Assert.Equal("<｜begin▁of▁sentence｜>"u8.ToArray(), DeepSeekV3.TokenBytes(0).ToArray());
    }

    [Fact]
    public void TokenBytesOfAByteTokenIsTheRawByte()
    {
        // A rare character is split into tokens whose bytes are not valid UTF-8 on their own.
        var ids = Qwen3.Encode("🫠");
        var bytes = ids.SelectMany(id => Qwen3.TokenBytes(id).ToArray()).ToArray();

        Assert.Equal("🫠"u8.ToArray(), bytes);
        Assert.Equal(3, ids.Count);
    }

    [Fact]
    public void IdsOutsideTheVocabularyDecodeToNothing()
    {
        Assert.Equal(0, Qwen3.TokenBytes(Qwen3.VocabularySize).Length);
        Assert.Equal(0, Qwen3.TokenBytes(-1).Length);
        Assert.Equal("a", Qwen3.Decode([Qwen3.Encode("a")[0], 151_900]));
    }

    [Fact]
    public void VocabularySizesAndEndIdsFollowTheFiles()
    {
        Assert.Equal(151_669, Qwen3.VocabularySize);
        Assert.Equal(128_815, DeepSeekV3.VocabularySize);
        Assert.Equal(50_257, Gpt2.VocabularySize);

        Assert.Null(Qwen3.BeginOfSequenceId);
        Assert.Equal([151643, 151645], Qwen3.EndOfSequenceIds.Order());
        Assert.Equal(0, DeepSeekV3.BeginOfSequenceId);
        Assert.True(DeepSeekV3.AddBeginOfSequence);
        Assert.Equal([1], DeepSeekV3.EndOfSequenceIds);
    }

    [Fact]
    public void TokenToIdFindsVocabularyAndAddedTokens()
    {
        Assert.Equal(151644, Qwen3.TokenToId("<|im_start|>"));
        Assert.Equal(Qwen3.Encode(" the").Single(), Qwen3.TokenToId("Ġthe"));
        Assert.Null(Qwen3.TokenToId("no such token"));
    }

    [Fact]
    public void EncodingIsThreadSafeAndDeterministic()
    {
        var texts = ReferenceData.Expected(ReferenceData.Qwen3).Cases!.Select(c => c.Text).ToArray();
        var expected = texts.Select(t => Qwen3.Encode(t)).ToArray();

        Parallel.For(0, 400, i =>
        {
            var k = i % texts.Length;
            Assert.Equal(expected[k], Qwen3.Encode(texts[k]));
        });
    }

    [Theory]
    [InlineData(65)]
    [InlineData(200)]
    [InlineData(2000)]
    public void QueueMergeAgreesWithLinearMergeOnLongPieces(int length)
    {
        var model = Qwen3.Model;
        var random = new Random(length);
        const string alphabet = "aeiounrstlhdm ";
        for (var trial = 0; trial < 20; trial++)
        {
            var piece = new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());

            Assert.Equal(model.EncodeUncached(piece, linearMergeLimit: int.MaxValue), model.EncodeUncached(piece, linearMergeLimit: 0));
        }
    }

    [Fact]
    public void EmptyTextEncodesToNoIds()
    {
        Assert.Empty(Qwen3.Encode(""));
        Assert.Equal("", Qwen3.Decode([]));
    }
}
