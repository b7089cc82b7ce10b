using System.Globalization;
using System.Text;

namespace DeepSeek.Tokenizers.PreTokenizers;

/// <summary>
/// Rewrites the few constructs in which tokenizer.json patterns (written for Rust/Oniguruma) and
/// .NET regexes differ. Everything else (<c>\s</c>, <c>\p{..}</c>, <c>(?i:..)</c>, lookahead)
/// already behaves the same under <see cref="System.Text.RegularExpressions.RegexOptions.CultureInvariant"/>.
/// </summary>
internal static class RustRegexTranslator
{
    /// <summary>
    /// Translates: possessive quantifiers (<c>x++</c>, <c>x*+</c>, <c>x?+</c>, <c>x{n}+</c>) to atomic
    /// groups, which .NET lacks; <c>$</c> to <c>\z</c>, since .NET's <c>$</c> also matches before a
    /// final newline; one-letter classes <c>\pL</c> to <c>\p{L}</c>; and <c>\x{HHHH}</c> to <c>\uHHHH</c>.
    /// </summary>
    public static string Translate(string pattern)
    {
        var output = new StringBuilder(pattern.Length + 16);
        var groupStarts = new Stack<int>();
        var atomStart = -1;
        var multiline = pattern.Contains("(?m", StringComparison.Ordinal);
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    atomStart = output.Length;
                    i = CopyEscape(pattern, i, output);
                    break;
                case '[':
                    atomStart = output.Length;
                    i = CopyClass(pattern, i, output);
                    break;
                case '(':
                    groupStarts.Push(output.Length);
                    output.Append(c);
                    i++;
                    // The '?' of a group construct ("(?i:", "(?!") is not a quantifier.
                    if (i < pattern.Length && pattern[i] == '?')
                    {
                        output.Append('?');
                        i++;
                    }

                    break;
                case ')':
                    atomStart = groupStarts.Count > 0 ? groupStarts.Pop() : output.Length;
                    output.Append(c);
                    i++;
                    break;
                case '$' when !multiline:
                    atomStart = output.Length;
                    output.Append(@"\z");
                    i++;
                    break;
                case '*' or '+' or '?':
                    i = CopyQuantifier(pattern, i, 1, output, atomStart);
                    break;
                case '{' when QuantifierLength(pattern, i) is var length and > 0:
                    i = CopyQuantifier(pattern, i, length, output, atomStart);
                    break;
                default:
                    atomStart = output.Length;
                    output.Append(c);
                    i++;
                    break;
            }
        }

        return output.ToString();
    }

    private static int CopyQuantifier(string pattern, int i, int length, StringBuilder output, int atomStart)
    {
        var end = i + length;
        if (end < pattern.Length && pattern[end] == '+' && atomStart >= 0)
        {
            // Possessive: (?>atom quantifier)
            output.Insert(atomStart, "(?>");
            output.Append(pattern, i, length).Append(')');
            return end + 1;
        }

        output.Append(pattern, i, length);
        // A lazy marker belongs to the quantifier.
        if (end < pattern.Length && pattern[end] == '?')
        {
            output.Append('?');
            end++;
        }

        return end;
    }

    // Length of "{n}", "{n,}" or "{n,m}" at i, or 0 when the brace is a literal.
    private static int QuantifierLength(string pattern, int i)
    {
        var j = i + 1;
        var digits = 0;
        while (j < pattern.Length && char.IsAsciiDigit(pattern[j]))
        {
            j++;
            digits++;
        }

        if (digits == 0)
        {
            return 0;
        }

        if (j < pattern.Length && pattern[j] == ',')
        {
            j++;
            while (j < pattern.Length && char.IsAsciiDigit(pattern[j]))
            {
                j++;
            }
        }

        return j < pattern.Length && pattern[j] == '}' ? j - i + 1 : 0;
    }

    private static int CopyEscape(string pattern, int i, StringBuilder output)
    {
        if (i + 1 >= pattern.Length)
        {
            throw new NotSupportedException($"Pre-tokenizer pattern ends with a lone backslash: {pattern}");
        }

        var kind = pattern[i + 1];
        if (kind is 'p' or 'P' && i + 2 < pattern.Length && pattern[i + 2] != '{')
        {
            output.Append('\\').Append(kind).Append('{').Append(pattern[i + 2]).Append('}');
            return i + 3;
        }

        if (kind == 'x' && i + 2 < pattern.Length && pattern[i + 2] == '{')
        {
            var close = pattern.IndexOf('}', i + 3);
            if (close < 0
                || !int.TryParse(pattern.AsSpan(i + 3, close - i - 3), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var codePoint)
                || codePoint > 0xFFFF)
            {
                throw new NotSupportedException($"Pre-tokenizer pattern has an escape .NET cannot express: {pattern}");
            }

            output.Append(CultureInfo.InvariantCulture, $"\\u{codePoint:X4}");
            return close + 1;
        }

        if (kind is 'p' or 'P')
        {
            var close = pattern.IndexOf('}', i + 2);
            output.Append(pattern, i, close - i + 1);
            return close + 1;
        }

        output.Append('\\').Append(kind);
        return i + 2;
    }

    private static int CopyClass(string pattern, int i, StringBuilder output)
    {
        output.Append('[');
        i++;
        if (i < pattern.Length && pattern[i] == '^')
        {
            output.Append('^');
            i++;
        }

        // A ']' right after the opening bracket is a literal in Rust.
        if (i < pattern.Length && pattern[i] == ']')
        {
            output.Append(@"\]");
            i++;
        }

        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == ']')
            {
                output.Append(']');
                return i + 1;
            }

            if (c == '\\')
            {
                i = CopyEscape(pattern, i, output);
                continue;
            }

            if (c == '[')
            {
                // Rust nests classes ([a[b]], [[:alpha:]]); .NET reads '[' as a literal or a subtraction.
                throw new NotSupportedException($"Pre-tokenizer pattern uses a nested character class: {pattern}");
            }

            output.Append(c);
            i++;
        }

        throw new NotSupportedException($"Pre-tokenizer pattern has an unterminated character class: {pattern}");
    }
}
