namespace DeepSeek.Tokenizers;

/// <summary>Renders a conversation into the prompt format a model family was trained on.</summary>
public interface IChatTemplate
{
    /// <summary>Template name (chatml, deepseek, plain).</summary>
    string Name { get; }

    /// <summary>Renders messages; with <paramref name="addGenerationPrompt"/> the text ends where the assistant's reply starts.</summary>
    string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true);

    /// <summary>Strings that end an assistant turn in this format (used as extra stop sequences).</summary>
    IReadOnlyList<string> StopSequences { get; }
}
