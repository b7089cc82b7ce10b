using System.Globalization;
using System.Text.RegularExpressions;
using DeepSeek.Tokenizers.PreTokenizers;

namespace DeepSeek.Tokenizers.Tests;

public sealed class PreTokenizerTests
{
    [Theory]
    [InlineData(@"\p{L}++", @"(?>\p{L}+)")]
    [InlineData(@"[^\r\n\p{L}\p{N}]?+\p{L}+", @"(?>[^\r\n\p{L}\p{N}]?)\p{L}+")]
    [InlineData(@"\p{N}{1,3}+", @"(?>\p{N}{1,3})")]
    [InlineData(@"(?:ab)*+c", @"(?>(?:ab)*)c")]
    [InlineData(@"\s++$", @"(?>\s+)\z")]
    [InlineData(@"\pL+|\pN", @"\p{L}+|\p{N}")]
    [InlineData(@"\x{3000}", @"\u3000")]
    [InlineData(@"(?i:'s|'t)|\s+(?!\S)", @"(?i:'s|'t)|\s+(?!\S)")]
    [InlineData(@"a+?b", @"a+?b")]
    [InlineData(@"[!\-./]{2}", @"[!\-./]{2}")]
    public void RustPatternsAreTranslatedToEquivalentDotNetPatterns(string rust, string dotnet)
    {
        Assert.Equal(dotnet, RustRegexTranslator.Translate(rust));
    }

    [Fact]
    public void NestedCharacterClassesAreRefused()
    {
        Assert.Throws<NotSupportedException>(() => RustRegexTranslator.Translate("[[:alpha:]]+"));
    }

    [Fact]
    public void EveryProxyHasTheCategoryItStandsFor()
    {
        foreach (var category in Enum.GetValues<UnicodeCategory>().Where(c => c != UnicodeCategory.Surrogate))
        {
            Assert.Equal(category, CharUnicodeInfo.GetUnicodeCategory(CodePointRegex.ProxyFor(category)));
        }
    }

    [Theory]
    [InlineData("😀😃!", @"[\p{P}\p{S}]+", new[] { "😀😃!" })]
    [InlineData("𝐀𝐁𝐂 x", @"\p{L}+", new[] { "𝐀𝐁𝐂", "x" })]
    [InlineData("𝟏𝟐𝟑𝟒", @"\p{N}{1,3}", new[] { "𝟏𝟐𝟑", "𝟒" })]
    [InlineData("a😀b", @"[^\p{L}]", new[] { "😀" })]
    public void PatternsMatchWholeCodePointsOutsideTheBasicPlane(string text, string pattern, string[] expected)
    {
        var matches = new List<(int Start, int Length)>();

        CodePointRegex.FromRustPattern(pattern).Matches(text, matches);

        Assert.Equal(expected, matches.Select(m => text.Substring(m.Start, m.Length)));
    }

    [Theory]
    [InlineData(nameof(SplitBehavior.Isolated), false, new[] { "a", "-", "b", "--", "c" })]
    [InlineData(nameof(SplitBehavior.Removed), false, new[] { "a", "b", "c" })]
    [InlineData(nameof(SplitBehavior.MergedWithPrevious), false, new[] { "a-", "b--", "c" })]
    [InlineData(nameof(SplitBehavior.MergedWithNext), false, new[] { "a", "-b", "--c" })]
    [InlineData(nameof(SplitBehavior.Contiguous), false, new[] { "a", "-", "b", "--", "c" })]
    [InlineData(nameof(SplitBehavior.Isolated), true, new[] { "a", "-", "b", "--", "c" })]
    [InlineData(nameof(SplitBehavior.Removed), true, new[] { "-", "--" })]
    public void SplitBehavesLikeTheReference(string behavior, bool invert, string[] expected)
    {
        var split = new SplitPreTokenizer(CodePointRegex.FromRustPattern("-+"), Enum.Parse<SplitBehavior>(behavior), invert);
        var pieces = new List<ReadOnlyMemory<char>>();

        split.PreTokenize("a-b--c".AsMemory(), pieces);

        Assert.Equal(expected, pieces.Select(p => p.ToString()));
    }

    [Fact]
    public void ContiguousJoinsRunsOfMatches()
    {
        var split = new SplitPreTokenizer(CodePointRegex.FromRustPattern("-"), SplitBehavior.Contiguous, invert: false);
        var pieces = new List<ReadOnlyMemory<char>>();

        split.PreTokenize("a--b".AsMemory(), pieces);

        Assert.Equal(["a", "--", "b"], pieces.Select(p => p.ToString()));
    }

    [Fact]
    public void LiteralStringPatternsAreNotRegexes()
    {
        var split = new SplitPreTokenizer(CodePointRegex.FromLiteral("."), SplitBehavior.Removed, invert: false);
        var pieces = new List<ReadOnlyMemory<char>>();

        split.PreTokenize("a.b c".AsMemory(), pieces);

        Assert.Equal(["a", "b c"], pieces.Select(p => p.ToString()));
    }

    [Fact]
    public void DotNetWhitespaceClassIsTheUnicodeWhiteSpaceProperty()
    {
        // Rust's \s is Unicode White_Space; .NET's must agree on every BMP character.
        var whiteSpace = new HashSet<int> { 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 };
        for (var c = 0x2000; c <= 0x200A; c++)
        {
            whiteSpace.Add(c);
        }

        var regex = new Regex(@"^\s$", RegexOptions.CultureInvariant);
        for (var c = 0; c < 0x10000; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            Assert.True(whiteSpace.Contains(c) == regex.IsMatch(((char)c).ToString()), $"U+{c:X4}");
        }
    }
}
