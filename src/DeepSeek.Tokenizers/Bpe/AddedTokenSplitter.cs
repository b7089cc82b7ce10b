using System.Buffers;

namespace DeepSeek.Tokenizers.Bpe;

/// <summary>
/// Finds added tokens inside text: leftmost match first, and at one position the longest token,
/// which is how Hugging Face tokenizers extract them before normalization and pre-tokenization.
/// </summary>
internal sealed class AddedTokenSplitter
{
    private readonly Dictionary<char, AddedToken[]> _candidatesByFirstChar;
    private readonly SearchValues<char> _firstChars;

    public AddedTokenSplitter(IEnumerable<AddedToken> tokens)
    {
        _candidatesByFirstChar = tokens
            .Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
        _firstChars = SearchValues.Create([.. _candidatesByFirstChar.Keys]);
    }

    /// <summary>
    /// Splits <paramref name="text"/> into ordinary text ranges (Token null) and added tokens,
    /// in order; the whitespace an lstrip/rstrip token absorbs belongs to no range.
    /// </summary>
    public List<(int Start, int Length, AddedToken? Token)> Split(string text)
    {
        var parts = new List<(int Start, int Length, AddedToken? Token)>();
        var textStart = 0;
        var position = 0;
        while (position < text.Length)
        {
            var found = text.AsSpan(position).IndexOfAny(_firstChars);
            if (found < 0)
            {
                break;
            }

            position += found;
            var token = MatchAt(text, position);
            if (token is null)
            {
                position++;
                continue;
            }

            var textEnd = position;
            if (token.LeftStrip)
            {
                while (textEnd > textStart && char.IsWhiteSpace(text[textEnd - 1]))
                {
                    textEnd--;
                }
            }

            if (textEnd > textStart)
            {
                parts.Add((textStart, textEnd - textStart, null));
            }

            parts.Add((position, token.Content.Length, token));
            position += token.Content.Length;
            if (token.RightStrip)
            {
                while (position < text.Length && char.IsWhiteSpace(text[position]))
                {
                    position++;
                }
            }

            textStart = position;
        }

        if (textStart < text.Length)
        {
            parts.Add((textStart, text.Length - textStart, null));
        }

        return parts;
    }

    private AddedToken? MatchAt(string text, int position)
    {
        var rest = text.AsSpan(position);
        foreach (var candidate in _candidatesByFirstChar[text[position]])
        {
            if (rest.StartsWith(candidate.Content, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        return null;
    }
}
