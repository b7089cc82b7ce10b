namespace DeepSeek.Tokenizers.PreTokenizers;

/// <summary>Hugging Face's <c>Split</c> pre-tokenizer: cuts text at the matches of a pattern.</summary>
internal sealed class SplitPreTokenizer(CodePointRegex pattern, SplitBehavior behavior, bool invert) : IPreTokenizer
{
    public void PreTokenize(ReadOnlyMemory<char> text, List<ReadOnlyMemory<char>> output)
    {
        var matches = new List<(int Start, int Length)>();
        pattern.Matches(text.Span, matches);

        // The text as alternating ranges: (start, end, whether the range is a match).
        var ranges = new List<(int Start, int End, bool IsMatch)>(matches.Count * 2 + 1);
        var previous = 0;
        foreach (var (start, length) in matches)
        {
            if (start > previous)
            {
                ranges.Add((previous, start, invert));
            }

            ranges.Add((start, start + length, !invert));
            previous = start + length;
        }

        if (previous < text.Length)
        {
            ranges.Add((previous, text.Length, invert));
        }

        foreach (var (start, end) in Combine(ranges))
        {
            output.Add(text[start..end]);
        }
    }

    // Mirrors tokenizers' NormalizedString::split for each behavior.
    private List<(int Start, int End)> Combine(List<(int Start, int End, bool IsMatch)> ranges)
    {
        var pieces = new List<(int Start, int End)>(ranges.Count);
        var previousWasMatch = false;
        switch (behavior)
        {
            case SplitBehavior.Removed:
                pieces.AddRange(ranges.Where(r => !r.IsMatch).Select(r => (r.Start, r.End)));
                break;
            case SplitBehavior.Isolated:
                pieces.AddRange(ranges.Select(r => (r.Start, r.End)));
                break;
            case SplitBehavior.MergedWithPrevious:
                foreach (var (start, end, isMatch) in ranges)
                {
                    if (isMatch && !previousWasMatch && pieces.Count > 0)
                    {
                        pieces[^1] = (pieces[^1].Start, end);
                    }
                    else
                    {
                        pieces.Add((start, end));
                    }

                    previousWasMatch = isMatch;
                }

                break;
            case SplitBehavior.MergedWithNext:
                for (var i = ranges.Count - 1; i >= 0; i--)
                {
                    var (start, end, isMatch) = ranges[i];
                    if (isMatch && !previousWasMatch && pieces.Count > 0)
                    {
                        pieces[^1] = (start, pieces[^1].End);
                    }
                    else
                    {
                        pieces.Add((start, end));
                    }

                    previousWasMatch = isMatch;
                }

                pieces.Reverse();
                break;
            case SplitBehavior.Contiguous:
                for (var i = 0; i < ranges.Count; i++)
                {
                    var (start, end, isMatch) = ranges[i];
                    if (i > 0 && isMatch == previousWasMatch)
                    {
                        pieces[^1] = (pieces[^1].Start, end);
                    }
                    else
                    {
                        pieces.Add((start, end));
                    }

                    previousWasMatch = isMatch;
                }

                break;
        }

        return pieces;
    }
}
