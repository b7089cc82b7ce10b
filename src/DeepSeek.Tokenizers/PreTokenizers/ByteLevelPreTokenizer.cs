using System.Text.RegularExpressions;

namespace DeepSeek.Tokenizers.PreTokenizers;

/// <summary>
/// Hugging Face's <c>ByteLevel</c> pre-tokenizer. The byte-to-character mapping itself happens in
/// the BPE step; here only the optional leading space and the optional GPT-2 split remain.
/// </summary>
internal sealed partial class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : IPreTokenizer
{
    private static readonly CodePointRegex Gpt2Split = new(Gpt2Pattern());

    public void PreTokenize(ReadOnlyMemory<char> text, List<ReadOnlyMemory<char>> output)
    {
        // Applied to every piece that reaches this stage, as the reference does.
        if (addPrefixSpace && !text.Span.StartsWith(' '))
        {
            text = string.Concat(" ", text.Span).AsMemory();
        }

        if (!useRegex)
        {
            output.Add(text);
            return;
        }

        var matches = new List<(int Start, int Length)>();
        Gpt2Split.Matches(text.Span, matches);
        var previous = 0;
        foreach (var (start, length) in matches)
        {
            // Text between matches (possible only in theory: the last alternatives match any character) stays a piece.
            if (start > previous)
            {
                output.Add(text[previous..start]);
            }

            output.Add(text.Slice(start, length));
            previous = start + length;
        }

        if (previous < text.Length)
        {
            output.Add(text[previous..]);
        }
    }

    // GPT-2's split: contractions, letters, digits, other symbols, each optionally after one space;
    // whitespace runs give their last space to the following word.
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Gpt2Pattern();
}
