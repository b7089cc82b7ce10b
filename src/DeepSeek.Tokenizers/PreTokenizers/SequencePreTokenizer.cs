namespace DeepSeek.Tokenizers.PreTokenizers;

/// <summary>Runs pre-tokenizers one after another, each on every piece the previous one produced.</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<IPreTokenizer> stages) : IPreTokenizer
{
    public void PreTokenize(ReadOnlyMemory<char> text, List<ReadOnlyMemory<char>> output)
    {
        List<ReadOnlyMemory<char>> pieces = [text];
        foreach (var stage in stages)
        {
            var next = new List<ReadOnlyMemory<char>>(pieces.Count * 2);
            foreach (var piece in pieces)
            {
                stage.PreTokenize(piece, next);
            }

            pieces = next;
        }

        output.AddRange(pieces);
    }
}
