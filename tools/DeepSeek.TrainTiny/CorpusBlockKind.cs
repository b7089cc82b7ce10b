namespace DeepSeek.TrainTiny;

/// <summary>What a block of the topic file feeds: conversations only, or plain text as well.</summary>
internal enum CorpusBlockKind
{
    /// <summary>A subject with names and facts: paragraphs, templated questions and answers.</summary>
    Topic,

    /// <summary>Question and answer pairs whose answers are also plain text.</summary>
    Facts,

    /// <summary>Question and answer pairs for conversations only (greetings, the assistant itself).</summary>
    Chat,
}
