namespace DeepSeek.Tokenizers.PreTokenizers;

/// <summary>What a Split pre-tokenizer does with each match (Hugging Face SplitDelimiterBehavior).</summary>
internal enum SplitBehavior
{
    /// <summary>Drop matches, keep the text between them.</summary>
    Removed,

    /// <summary>Matches and the text between them each become a piece.</summary>
    Isolated,

    /// <summary>A match joins the piece before it.</summary>
    MergedWithPrevious,

    /// <summary>A match joins the piece after it.</summary>
    MergedWithNext,

    /// <summary>Runs of consecutive matches, and of non-matches, each become one piece.</summary>
    Contiguous,
}
