using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DeepSeek.Tokenizers.PreTokenizers;

/// <summary>
/// A pre-tokenizer regex that matches per Unicode code point, like the Rust and JavaScript engines
/// the reference tokenizers use. .NET matches UTF-16 code units, so a character outside the BMP
/// (emoji, CJK extension B, math letters) is two surrogates and <c>\p{L}</c>, <c>\p{S}</c> or
/// <c>\p{N}{1,3}</c> would see the wrong thing. Text holding surrogate pairs is therefore matched on
/// a copy where each such character is replaced by one BMP character of the same general category.
/// </summary>
internal sealed class CodePointRegex
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    // Compiled once per pattern and process: tokenizers of one family share their regexes.
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    // One stand-in per general category. None is ASCII or in a CJK range, so no literal in the known
    // pre-tokenizer patterns (ASCII punctuation and letters, contractions, kana and CJK ranges) can see it.
    private static readonly char[] Proxies = BuildProxies();

    private readonly Regex _regex;

    public CodePointRegex(Regex regex) => _regex = regex;

    /// <summary>Compiles a pattern written for the Rust (Oniguruma-compatible) engine.</summary>
    public static CodePointRegex FromRustPattern(string pattern) =>
        new(Compiled.GetOrAdd(RustRegexTranslator.Translate(pattern), p => new Regex(p, Options | RegexOptions.Compiled)));

    /// <summary>A literal string pattern (Split with <c>{"String": ...}</c>).</summary>
    public static CodePointRegex FromLiteral(string literal) =>
        new(Compiled.GetOrAdd(Regex.Escape(literal), p => new Regex(p, Options | RegexOptions.Compiled)));

    /// <summary>Stand-in character used for a code point of the given category (exposed for tests).</summary>
    internal static char ProxyFor(UnicodeCategory category) => Proxies[(int)category];

    /// <summary>Appends the non-empty matches in <paramref name="text"/> as (start, length) in UTF-16 units.</summary>
    public void Matches(ReadOnlySpan<char> text, List<(int Start, int Length)> output)
    {
        if (text.IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            foreach (var match in _regex.EnumerateMatches(text))
            {
                if (match.Length > 0)
                {
                    output.Add((match.Index, match.Length));
                }
            }

            return;
        }

        var proxy = ArrayPool<char>.Shared.Rent(text.Length);
        var offsets = ArrayPool<int>.Shared.Rent(text.Length + 1);
        try
        {
            // offsets[i] is where proxy character i starts in the original text.
            var count = 0;
            for (var i = 0; i < text.Length; i++)
            {
                offsets[count] = i;
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    var codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                    proxy[count++] = Proxies[(int)CharUnicodeInfo.GetUnicodeCategory(codePoint)];
                    i++;
                }
                else
                {
                    proxy[count++] = text[i];
                }
            }

            offsets[count] = text.Length;
            foreach (var match in _regex.EnumerateMatches(proxy.AsSpan(0, count)))
            {
                if (match.Length > 0)
                {
                    var start = offsets[match.Index];
                    output.Add((start, offsets[match.Index + match.Length] - start));
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(proxy);
            ArrayPool<int>.Shared.Return(offsets);
        }
    }

    private static char[] BuildProxies()
    {
        var proxies = new char[(int)UnicodeCategory.OtherNotAssigned + 1];
        proxies[(int)UnicodeCategory.UppercaseLetter] = '\u0416';
        proxies[(int)UnicodeCategory.LowercaseLetter] = '\u0436';
        proxies[(int)UnicodeCategory.TitlecaseLetter] = '\u01C5';
        proxies[(int)UnicodeCategory.ModifierLetter] = '\u02B0';
        proxies[(int)UnicodeCategory.OtherLetter] = '\u05D0';
        proxies[(int)UnicodeCategory.NonSpacingMark] = '\u0300';
        proxies[(int)UnicodeCategory.SpacingCombiningMark] = '\u0903';
        proxies[(int)UnicodeCategory.EnclosingMark] = '\u20DD';
        proxies[(int)UnicodeCategory.DecimalDigitNumber] = '\u0660';
        proxies[(int)UnicodeCategory.LetterNumber] = '\u2160';
        proxies[(int)UnicodeCategory.OtherNumber] = '\u00B2';
        proxies[(int)UnicodeCategory.SpaceSeparator] = '\u2002';
        proxies[(int)UnicodeCategory.LineSeparator] = '\u2028';
        proxies[(int)UnicodeCategory.ParagraphSeparator] = '\u2029';
        proxies[(int)UnicodeCategory.Control] = '\u0001';
        proxies[(int)UnicodeCategory.Format] = '\u00AD';
        proxies[(int)UnicodeCategory.Surrogate] = '\uFFFD';
        proxies[(int)UnicodeCategory.PrivateUse] = '\uE000';
        proxies[(int)UnicodeCategory.ConnectorPunctuation] = '\u203F';
        proxies[(int)UnicodeCategory.DashPunctuation] = '\u2010';
        proxies[(int)UnicodeCategory.OpenPunctuation] = '\u2045';
        proxies[(int)UnicodeCategory.ClosePunctuation] = '\u2046';
        proxies[(int)UnicodeCategory.InitialQuotePunctuation] = '\u00AB';
        proxies[(int)UnicodeCategory.FinalQuotePunctuation] = '\u00BB';
        proxies[(int)UnicodeCategory.OtherPunctuation] = '\u00A1';
        proxies[(int)UnicodeCategory.MathSymbol] = '\u00D7';
        proxies[(int)UnicodeCategory.CurrencySymbol] = '\u00A3';
        proxies[(int)UnicodeCategory.ModifierSymbol] = '\u02C2';
        proxies[(int)UnicodeCategory.OtherSymbol] = '\u00A6';
        proxies[(int)UnicodeCategory.OtherNotAssigned] = '\u0378';
        return proxies;
    }
}
