using System.Text;

namespace DeepSeek.Tokenizers.Tests;

public sealed class ByteTokenizerTests : IDisposable
{
    private readonly ByteTokenizer _tokenizer = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "byte-tokenizer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain ASCII")]
    [InlineData("Café 你好 👨‍👩‍👧‍👦 𝐀 \t\r\n")]
    [InlineData("<|user|> is text here")]
    public void TextRoundTripsAndIdsAreTheUtf8Bytes(string text)
    {
        var ids = _tokenizer.Encode(text, parseSpecialTokens: false);

        Assert.Equal(Encoding.UTF8.GetBytes(text).Select(b => (int)b), ids);
        Assert.Equal(text, _tokenizer.Decode(ids));
    }

    [Fact]
    public void RandomUnicodeRoundTrips()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var text = new StringBuilder();
            for (var i = 0; i < 40; i++)
            {
                // Any scalar value: BMP outside the surrogate range, or a supplementary code point.
                var codePoint = random.Next(3) == 0 ? random.Next(0x10000, 0x110000) : random.Next(0, 0xD800);
                text.Append(char.ConvertFromUtf32(codePoint));
            }

            var s = text.ToString();
            Assert.Equal(s, _tokenizer.Decode(_tokenizer.Encode(s)));
        }
    }

    [Fact]
    public void ArbitraryBytesDecodeLikeTheFrameworkDecoder()
    {
        var random = new Random(11);
        var bytes = new byte[4096];
        random.NextBytes(bytes);

        var decoded = _tokenizer.Decode(bytes.Select(b => (int)b));

        Assert.Equal(Encoding.UTF8.GetString(bytes), decoded);
        Assert.Equal(bytes, Enumerable.Range(0, bytes.Length).SelectMany(i => _tokenizer.TokenBytes(bytes[i]).ToArray()));
    }

    [Fact]
    public void SpecialTokensFollowTheBytesAndAreParsedOnlyWhenAsked()
    {
        Assert.Equal(ByteTokenizer.ByteCount + ByteTokenizer.SpecialTokens.Count, _tokenizer.VocabularySize);
        Assert.Equal(256, _tokenizer.BeginOfSequenceId);
        Assert.Equal(258, _tokenizer.PaddingId);
        Assert.Equal([257, 263], _tokenizer.EndOfSequenceIds.Order());

        var user = _tokenizer.TokenToId(ByteTokenizer.UserToken)!.Value;
        Assert.Equal([user, 'h', 'i'], _tokenizer.Encode("<|user|>hi"));
        Assert.Equal(10, _tokenizer.Encode("<|user|>hi", parseSpecialTokens: false).Count);
        Assert.True(_tokenizer.IsSpecial(user));
        Assert.False(_tokenizer.IsSpecial('a'));
        Assert.Equal("hi", _tokenizer.Decode(_tokenizer.Encode("<|user|>hi<|end|>"), skipSpecialTokens: true));
    }

    [Fact]
    public void TokenToIdSpellsBytesLikeTheSavedVocabulary()
    {
        Assert.Equal(32, _tokenizer.TokenToId("Ġ"));
        Assert.Equal('a', _tokenizer.TokenToId("a"));
        Assert.Null(_tokenizer.TokenToId(" "));
    }

    [Fact]
    public void SavedDirectoryLoadsBackWithIdenticalIds()
    {
        _tokenizer.Save(_directory);

        var loaded = TokenizerLoader.FromDirectory(_directory);

        Assert.Equal(_tokenizer.VocabularySize, loaded.VocabularySize);
        Assert.Equal(_tokenizer.BeginOfSequenceId, loaded.BeginOfSequenceId);
        Assert.Equal(_tokenizer.EndOfSequenceIds.Order(), loaded.EndOfSequenceIds.Order());
        foreach (var text in (string[])["", "hello world", "<|bos|><|user|>héllo 😀<|end|><|assistant|>", new string('x', 3000), "  \n\t tabs"])
        {
            Assert.Equal(_tokenizer.Encode(text), loaded.Encode(text));
            Assert.Equal(_tokenizer.Encode(text, parseSpecialTokens: false), loaded.Encode(text, parseSpecialTokens: false));
        }

        for (var id = 0; id < _tokenizer.VocabularySize; id++)
        {
            Assert.Equal(_tokenizer.TokenBytes(id).ToArray(), loaded.TokenBytes(id).ToArray());
            Assert.Equal(_tokenizer.IsSpecial(id), loaded.IsSpecial(id));
        }

        Assert.Equal(ChatTemplates.Plain, ChatTemplates.ForDirectory(_directory).Name);
    }
}
