using System.Globalization;
using System.Text;

namespace DeepSeek.Knowledge;

/// <summary>
/// Reduces a question to a key under which exact repeats meet without an embedding:
/// "What is Orleans?" and "  what is ORLEANS " both become "what is orleans".
/// </summary>
public static class QuestionNormalizer
{
    // Quote marks that surround a question pasted from elsewhere; NFKC leaves these as they are.
    private const string Quotes = "\"'`\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F\u00AB\u00BB\u2039\u203A\u300C\u300D\u300E\u300F";
    // Sentence-final marks (NFKC has already turned full-width ？！ into ?! and … into ...).
    private const string TrailingMarks = "?!.,;:\u3002";
    private const string LeadingMarks = "\u00BF\u00A1";

    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // NFKC folds compatibility forms (full-width letters, ligatures, no-break spaces). Upper then
        // lower approximates Unicode simple case folding (final sigma, long s), and NFKC runs again
        // because case mapping can leave characters decomposed.
        var folded = text.Normalize(NormalizationForm.FormKC)
            .ToUpperInvariant()
            .ToLowerInvariant()
            .Normalize(NormalizationForm.FormKC);

        var builder = new StringBuilder(folded.Length);
        var pendingSpace = false;
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            // Zero-width spaces, joiners and byte-order marks are invisible but would split the key.
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format) continue;
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(c);
        }

        var start = 0;
        var end = builder.Length;
        // Strip repeatedly: '"Why?"' loses the quote, then the question mark.
        bool trimmed;
        do
        {
            trimmed = false;
            while (end > start && (builder[end - 1] == ' ' || Quotes.Contains(builder[end - 1]) || TrailingMarks.Contains(builder[end - 1])))
            {
                end--;
                trimmed = true;
            }
            while (start < end && (builder[start] == ' ' || Quotes.Contains(builder[start]) || LeadingMarks.Contains(builder[start])))
            {
                start++;
                trimmed = true;
            }
        }
        while (trimmed && start < end);

        return builder.ToString(start, end - start);
    }
}
