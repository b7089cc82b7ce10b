using System.Buffers;
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
        char[]? rented = null;
        try
        {
            if (Ascii.IsValid(text))
            {
                // Most questions are plain ASCII: NFKC leaves it as it is and case folding is lowering,
                // so one pass into a buffer does what the general path does with four strings.
                var buffer = text.Length <= 512 ? stackalloc char[text.Length] : (rented = ArrayPool<char>.Shared.Rent(text.Length));
                Ascii.ToLower(text, buffer, out var written);
                return Collapse(buffer[..written]);
            }
            // NFKC folds compatibility forms (full-width letters, ligatures, no-break spaces). Upper then
            // lower approximates Unicode simple case folding (final sigma, long s), and NFKC runs again
            // because case mapping can leave characters decomposed.
            var folded = text.Normalize(NormalizationForm.FormKC)
                .ToUpperInvariant()
                .ToLowerInvariant()
                .Normalize(NormalizationForm.FormKC);
            rented = ArrayPool<char>.Shared.Rent(Math.Max(folded.Length, 1));
            folded.CopyTo(rented);
            return Collapse(rented.AsSpan(0, folded.Length));
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Collapses runs of white space into one space, drops invisible format characters and strips the
    /// quotes and marks around the text. Works in place: it never writes ahead of what it has read.
    /// </summary>
    private static string Collapse(Span<char> text)
    {
        var length = 0;
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = length > 0;
                continue;
            }
            // Zero-width spaces, joiners and byte-order marks are invisible but would split the key.
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format) continue;
            if (pendingSpace)
            {
                text[length++] = ' ';
                pendingSpace = false;
            }
            text[length++] = c;
        }

        var start = 0;
        var end = length;
        // Strip repeatedly: '"Why?"' loses the quote, then the question mark.
        bool trimmed;
        do
        {
            trimmed = false;
            while (end > start && (text[end - 1] == ' ' || Quotes.Contains(text[end - 1]) || TrailingMarks.Contains(text[end - 1])))
            {
                end--;
                trimmed = true;
            }
            while (start < end && (text[start] == ' ' || Quotes.Contains(text[start]) || LeadingMarks.Contains(text[start])))
            {
                start++;
                trimmed = true;
            }
        }
        while (trimmed && start < end);

        return new string(text[start..end]);
    }
}
