namespace DeepSeek.Knowledge.Tests;

public sealed class QuestionNormalizerTests
{
    [Theory]
    [InlineData("What is Orleans?", "what is orleans")]
    [InlineData("  what is   orleans ", "what is orleans")]
    [InlineData("WHAT IS ORLEANS?!", "what is orleans")]
    [InlineData("\"What is Orleans?\"", "what is orleans")]
    [InlineData("\u201CWhat is Orleans?\u201D", "what is orleans")]
    [InlineData("What is Orleans ?", "what is orleans")]
    [InlineData("What is Orleans...", "what is orleans")]
    [InlineData("What\tis\nOrleans\u00A0?", "what is orleans")]
    [InlineData("\uFF37hat is Orleans\uFF1F", "what is orleans")]
    [InlineData("What is Or\u200Bleans?", "what is orleans")]
    [InlineData("\u00BFQu\u00E9 es Orleans?", "qu\u00E9 es orleans")]
    [InlineData("Que\u0301 es Orleans", "qu\u00E9 es orleans")]
    [InlineData("\u039F\u0394\u039F\u03A3", "\u03BF\u03B4\u03BF\u03C3")]
    [InlineData("\u03BF\u03B4\u03BF\u03C2", "\u03BF\u03B4\u03BF\u03C3")]
    public void EquivalentSpellingsShareOneKey(string question, string expected) =>
        Assert.Equal(expected, QuestionNormalizer.Normalize(question));

    [Fact]
    public void InnerPunctuationIsKept()
    {
        Assert.Equal("what's c#, really", QuestionNormalizer.Normalize("What's C#, really?"));
        Assert.NotEqual(QuestionNormalizer.Normalize("Is it 1.5?"), QuestionNormalizer.Normalize("Is it 15?"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!...")]
    [InlineData("\"\"")]
    public void PunctuationOnlyBecomesEmpty(string question) => Assert.Equal("", QuestionNormalizer.Normalize(question));
}

/// <summary>Plain ASCII questions take a one-pass path; it must give exactly the keys of the general one.</summary>
public sealed class QuestionNormalizerAsciiTests
{
    [Fact]
    public void AsciiQuestionsGetTheKeysOfTheGeneralFolding()
    {
        const string alphabet = "aZ09 \t\n\r\v\f\"'`?!.,;:-_()#@QqWw";
        var random = new Random(20261201);
        for (var i = 0; i < 5_000; i++)
        {
            var length = random.Next(0, i % 50 == 0 ? 1_500 : 40); // some past the stack buffer
            var text = new string([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            Assert.Equal(Reference(text), QuestionNormalizer.Normalize(text));
        }
    }

    /// <summary>The general path written out plainly: NFKC, upper, lower, NFKC, collapse spaces, drop format characters, strip marks.</summary>
    private static string Reference(string text)
    {
        const string quotes = "\"'`\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F\u00AB\u00BB\u2039\u203A\u300C\u300D\u300E\u300F";
        const string trailing = "?!.,;:\u3002";
        const string leading = "\u00BF\u00A1";
        var folded = text.Normalize(System.Text.NormalizationForm.FormKC).ToUpperInvariant().ToLowerInvariant()
            .Normalize(System.Text.NormalizationForm.FormKC);
        var words = folded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string([.. w.Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)]))
            .Where(w => w.Length > 0);
        var key = string.Join(' ', words);
        string before;
        do
        {
            before = key;
            key = key.TrimEnd([' ', .. quotes, .. trailing]).TrimStart([' ', .. quotes, .. leading]);
        }
        while (key != before);
        return key;
    }
}
