namespace DeepSeek.Cluster.Benchmarks;

/// <summary>The known questions the benchmark stores, and the traffic it sends: each question as stored and reworded.</summary>
internal static class Questions
{
    public static readonly IReadOnlyList<string> Known =
    [
        "What is the capital of France?",
        "How do I reset my password?",
        "What are your opening hours?",
        "How do I cancel my subscription?",
    ];

    /// <summary>
    /// Half exact repeats (a normalized-text lookup), half paraphrases (an embedding and a nearest-neighbour
    /// search on every request: the platform does not cache embeddings). Each paraphrase is above the default
    /// similarity threshold of 0.85, so every request stays on the knowledge route.
    /// </summary>
    public static readonly IReadOnlyList<string> Traffic =
    [
        .. Known,
        "Which city is the capital of France?",
        "I forgot my password, how can I reset it?",
        "What hours are you open?",
        "How can I end my subscription?",
    ];
}
