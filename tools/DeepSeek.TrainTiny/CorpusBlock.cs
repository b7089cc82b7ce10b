namespace DeepSeek.TrainTiny;

/// <summary>
/// One block of <c>topics.txt</c>. A topic has names, extra questions (each optionally with the sentence that
/// answers it) and facts, the first a definition; facts and chat blocks have questions and answers, any
/// answer fitting any question.
/// </summary>
internal sealed record CorpusBlock(
    CorpusBlockKind Kind,
    string Id,
    IReadOnlyList<string> Names,
    IReadOnlyList<(string Question, string? Answer)> Asks,
    IReadOnlyList<string> Facts,
    IReadOnlyList<string> Questions,
    IReadOnlyList<string> Answers);
