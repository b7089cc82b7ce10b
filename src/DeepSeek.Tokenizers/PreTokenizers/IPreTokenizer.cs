namespace DeepSeek.Tokenizers.PreTokenizers;

/// <summary>One stage that cuts text into the pieces BPE merges within (merges never cross pieces).</summary>
internal interface IPreTokenizer
{
    /// <summary>Appends the pieces of <paramref name="text"/> to <paramref name="output"/>, in order.</summary>
    void PreTokenize(ReadOnlyMemory<char> text, List<ReadOnlyMemory<char>> output);
}
