using System.Text;

namespace DeepSeek.Tokenizers.Chat;

/// <summary>
/// ChatML, the Qwen format: <c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c> per message, and
/// <c>&lt;|im_start|&gt;assistant\n</c> as the generation prompt.
/// </summary>
/// <param name="defaultSystemMessage">Written as a system turn when the conversation does not start with one (Qwen2.5 does this).</param>
public sealed class ChatMlTemplate(string? defaultSystemMessage = null) : IChatTemplate
{
    /// <summary>Opens a turn.</summary>
    public const string StartToken = "<|im_start|>";

    /// <summary>Closes a turn.</summary>
    public const string EndToken = "<|im_end|>";

    /// <summary>System message used when the conversation has none, or null.</summary>
    public string? DefaultSystemMessage { get; } = defaultSystemMessage;

    /// <inheritdoc />
    public string Name => ChatTemplates.ChatMl;

    /// <inheritdoc />
    public IReadOnlyList<string> StopSequences { get; } = [EndToken, "<|endoftext|>"];

    /// <inheritdoc />
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var prompt = new StringBuilder();
        if (DefaultSystemMessage is not null && (messages.Count == 0 || messages[0].Role != "system"))
        {
            AppendTurn(prompt, "system", DefaultSystemMessage);
        }

        foreach (var message in messages)
        {
            AppendTurn(prompt, message.Role, message.Content);
        }

        if (addGenerationPrompt)
        {
            prompt.Append(StartToken).Append("assistant\n");
        }

        return prompt.ToString();
    }

    private static void AppendTurn(StringBuilder prompt, string role, string content) =>
        prompt.Append(StartToken).Append(role).Append('\n').Append(content).Append(EndToken).Append('\n');
}
