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
