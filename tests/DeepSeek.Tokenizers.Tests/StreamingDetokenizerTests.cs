using System.Text;

namespace DeepSeek.Tokenizers.Tests;

public sealed class StreamingDetokenizerTests
{
    [Theory]
    [InlineData("😀🫠")]
    [InlineData("family 👨‍👩‍👧‍👦 and flag 🇩🇪")]
    [InlineData("中文字符和日本語")]
    [InlineData("𠀀𪚥 math 𝐀𝐁")]
    public void SplitCharactersAreNeverEmittedHalfWay(string text)
    {
        foreach (ITokenizer tokenizer in (ITokenizer[])[new ByteTokenizer(), ReferenceData.Tokenizer(ReferenceData.Qwen3)])
        {
            var stream = new StreamingDetokenizer(tokenizer);
            var chunks = tokenizer.Encode(text).Select(stream.Push).Append(stream.Flush()).ToList();

            Assert.DoesNotContain(chunks, c => c.Contains('\uFFFD', StringComparison.Ordinal));
            Assert.All(chunks, c => Assert.False(c.Length > 0 && char.IsHighSurrogate(c[^1]), "chunk ends inside a surrogate pair"));
            Assert.Equal(text, string.Concat(chunks));
        }
    }

    [Fact]
    public void BytesOfOneEmojiAreHeldUntilTheLastArrives()
    {
        var stream = new StreamingDetokenizer(new ByteTokenizer());
        var bytes = "😀"u8.ToArray();

        Assert.Equal("", stream.Push(bytes[0]));
        Assert.Equal("", stream.Push(bytes[1]));
        Assert.Equal("", stream.Push(bytes[2]));
        Assert.Equal("😀", stream.Push(bytes[3]));
    }

    [Fact]
    public void FlushReplacesAnIncompleteCharacter()
    {
        var stream = new StreamingDetokenizer(new ByteTokenizer());

        Assert.Equal("a", stream.Push('a'));
        Assert.Equal("", stream.Push(0xF0));

        Assert.Equal("\uFFFD", stream.Flush());
    }

    [Fact]
    public void ConcatenatedChunksEqualDecodeForRandomBytes()
    {
        var tokenizer = new ByteTokenizer();
        var random = new Random(3);
        for (var trial = 0; trial < 100; trial++)
        {
            // Mostly valid multi-byte text with some stray bytes mixed in.
            var ids = Encoding.UTF8.GetBytes("ab é 中 😀").Select(b => (int)b)
                .Concat(Enumerable.Range(0, 20).Select(_ => random.Next(256)))
                .OrderBy(_ => random.Next(4))
                .ToList();
            var stream = new StreamingDetokenizer(tokenizer);

            var streamed = string.Concat(ids.Select(stream.Push)) + stream.Flush();

            Assert.Equal(tokenizer.Decode(ids), streamed);
        }
    }

    [Fact]
    public void SpecialTokensCanBeSkipped()
    {
        var tokenizer = ReferenceData.Tokenizer(ReferenceData.Qwen3);
        var ids = tokenizer.Encode("Hi 😀<|im_end|>");
        var stream = new StreamingDetokenizer(tokenizer, skipSpecialTokens: true);

        Assert.Equal("Hi 😀", string.Concat(ids.Select(stream.Push)) + stream.Flush());
    }
}
