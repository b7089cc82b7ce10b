namespace DeepSeek.Tokenizers.Tests;

public sealed class TokenizerLoaderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tokenizer-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(ReferenceData.Qwen3)]
    [InlineData(ReferenceData.DeepSeekV3)]
    [InlineData(ReferenceData.Gpt2)]
    public void FromDirectoryLoadsTheSameTokenizerAsTheStreams(string name)
    {
        ReferenceData.ExtractTo(name, _directory);
        var reference = ReferenceData.Tokenizer(name);

        var loaded = TokenizerLoader.FromDirectory(_directory);

        Assert.Equal(reference.VocabularySize, loaded.VocabularySize);
        Assert.Equal(reference.BeginOfSequenceId, loaded.BeginOfSequenceId);
        Assert.Equal(reference.EndOfSequenceIds.Order(), loaded.EndOfSequenceIds.Order());
        foreach (var c in ReferenceData.Expected(name).Cases!)
        {
            Assert.Equal(reference.Encode(c.Text), loaded.Encode(c.Text));
        }
    }

    [Fact]
    public void FromDirectoryPrefersTokenizerJsonOverVocabAndMerges()
    {
        ReferenceData.ExtractTo(ReferenceData.Gpt2, _directory);
        File.WriteAllText(Path.Combine(_directory, "tokenizer.json"), TinyTokenizerJson.Build());

        Assert.Equal(TinyTokenizerJson.Load(TinyTokenizerJson.Build()).VocabularySize, TokenizerLoader.FromDirectory(_directory).VocabularySize);
    }

    [Fact]
    public void EmptyDirectoryFailsNamingTheFilesLookedFor()
    {
        Directory.CreateDirectory(_directory);

        var error = Assert.Throws<FileNotFoundException>(() => TokenizerLoader.FromDirectory(_directory));

        Assert.Contains("tokenizer.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("vocab.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("merges.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingDirectoryFails()
    {
        Assert.Throws<DirectoryNotFoundException>(() => TokenizerLoader.FromDirectory(_directory));
    }

    [Fact]
    public void MergesAsStringsAndAsPairsLoadTheSameTokenizer()
    {
        var pairs = TinyTokenizerJson.Load(TinyTokenizerJson.Build(mergesAsStrings: false));
        var strings = TinyTokenizerJson.Load(TinyTokenizerJson.Build(mergesAsStrings: true));

        const string text = "hello world hello<|x|>";
        Assert.Equal(pairs.Encode(text), strings.Encode(text));
        Assert.Equal([TinyTokenizerJson.IdOf("hello"), TinyTokenizerJson.IdOf("Ġwor")], pairs.Encode("hello wor"));
    }

    [Fact]
    public void IgnoreMergesUsesAWholeWordFromTheVocabulary()
    {
        var withMerges = TinyTokenizerJson.Load(TinyTokenizerJson.Build());
        var ignoring = TinyTokenizerJson.Load(TinyTokenizerJson.Build(ignoreMerges: true));

        Assert.Equal([TinyTokenizerJson.IdOf("Ġwor"), TinyTokenizerJson.IdOf("l"), TinyTokenizerJson.IdOf("d")], withMerges.Encode(" world"));
        Assert.Equal([TinyTokenizerJson.IdOf("Ġworld")], ignoring.Encode(" world"));
    }

    [Fact]
    public void StrippingAddedTokensAbsorbTheWhitespaceAroundThem()
    {
        var plain = TinyTokenizerJson.Load(TinyTokenizerJson.Build());
        var stripping = TinyTokenizerJson.Load(TinyTokenizerJson.Build(addedTokenStrips: true));
        var token = plain.TokenToId(TinyTokenizerJson.AddedToken)!.Value;

        Assert.Equal([TinyTokenizerJson.IdOf("o"), token, TinyTokenizerJson.IdOf("o")], stripping.Encode("o \t<|x|>\n o"));
        Assert.Equal(7, plain.Encode("o \t<|x|>\n o").Count);
    }

    [Fact]
    public void ByteLevelAddPrefixSpaceAddsASpaceBeforeTheText()
    {
        var tokenizer = TinyTokenizerJson.Load(TinyTokenizerJson.Build(
            preTokenizer: """{"type":"ByteLevel","add_prefix_space":true,"use_regex":true}"""));

        Assert.Equal([TinyTokenizerJson.IdOf("Ġwor")], tokenizer.Encode("wor"));
        Assert.Equal(" wor", tokenizer.Decode(tokenizer.Encode("wor")));
    }

    [Fact]
    public void NfcNormalizerComposesAccentsAndSequenceOfNoneIsAccepted()
    {
        var nfc = TinyTokenizerJson.Load(TinyTokenizerJson.Build(normalizer: """{"type":"NFC"}"""));
        var empty = TinyTokenizerJson.Load(TinyTokenizerJson.Build(normalizer: """{"type":"Sequence","normalizers":[]}"""));

        Assert.Equal("é", nfc.Decode(nfc.Encode("e\u0301")));
        Assert.Equal("e\u0301", empty.Decode(empty.Encode("e\u0301")));
    }

    [Theory]
    [InlineData("""{"type":"Lowercase"}""", "Lowercase")]
    [InlineData("""{"type":"Sequence","normalizers":[{"type":"NFC"},{"type":"Replace","pattern":{"String":" "},"content":"▁"}]}""", "Replace")]
    public void UnsupportedNormalizerFailsNamingIt(string normalizer, string name)
    {
        var error = Assert.Throws<NotSupportedException>(() => TinyTokenizerJson.Load(TinyTokenizerJson.Build(normalizer: normalizer)));

        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"Metaspace","replacement":"▁"}""", "Metaspace")]
    [InlineData("""{"type":"Split","pattern":{"Regex":"\\s+"},"behavior":"Isolated","invert":false}""", "ByteLevel")]
    public void NonByteLevelPreTokenizersAreRefused(string preTokenizer, string mentioned)
    {
        var error = Assert.Throws<NotSupportedException>(() => TinyTokenizerJson.Load(TinyTokenizerJson.Build(preTokenizer: preTokenizer)));

        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherModelTypesAndDecodersAreRefused()
    {
        Assert.Throws<NotSupportedException>(() => TinyTokenizerJson.Load(TinyTokenizerJson.Build(modelType: "WordPiece")));
        Assert.Throws<NotSupportedException>(() => TinyTokenizerJson.Load(TinyTokenizerJson.Build(decoder: """{"type":"Metaspace"}""")));
    }

    [Fact]
    public void Llama3StylePreTokenizerSplitsDigitsInThrees()
    {
        // Llama-3's tokenizer.json: a Split with its own regex, then ByteLevel without the GPT-2 regex.
        const string llama3 = """
            {"type":"Sequence","pretokenizers":[
              {"type":"Split","pattern":{"Regex":"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"},"behavior":"Isolated","invert":false},
              {"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":false}]}
            """;
        var tokenizer = TinyTokenizerJson.Load(TinyTokenizerJson.Build(preTokenizer: llama3));

        var ids = tokenizer.Encode("1234567");

        // No digit merges exist, so each digit is one id; what matters is that it round-trips.
        Assert.Equal(7, ids.Count);
        Assert.Equal("1234567", tokenizer.Decode(ids));
    }
}
