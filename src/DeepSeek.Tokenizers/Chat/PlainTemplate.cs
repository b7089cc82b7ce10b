using System.Text;

namespace DeepSeek.Tokenizers.Chat;

/// <summary>
/// The format of the built-in byte-level models: begin-of-sequence, then per message a role marker,
/// the content and <c>&lt;|end|&gt;</c>; all markers are <see cref="ByteTokenizer"/> special tokens,
/// so user text can never forge one (it is encoded without parsing special tokens).
/// </summary>
public sealed class PlainTemplate : IChatTemplate
{
    /// <summary>
    /// The same format as a Hugging Face chat template; <see cref="ByteTokenizer.Save"/> writes it
    /// into tokenizer_config.json so other tools render prompts identically.
    /// </summary>
    public const string JinjaSource =
        "{{ bos_token }}{% for message in messages %}{{ '<|' + message['role'] + '|>' + message['content'] + '<|end|>' }}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}";

    /// <inheritdoc />
    public string Name => ChatTemplates.Plain;

    /// <inheritdoc />
    public IReadOnlyList<string> StopSequences { get; } = [ByteTokenizer.EndOfTurnToken, ByteTokenizer.EndOfSequenceToken];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A message has a role other than system, user, assistant or tool.</exception>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var prompt = new StringBuilder(ByteTokenizer.BeginOfSequenceToken);
        foreach (var message in messages)
        {
            prompt.Append(Marker(message.Role)).Append(message.Content).Append(ByteTokenizer.EndOfTurnToken);
        }

        if (addGenerationPrompt)
        {
            prompt.Append(ByteTokenizer.AssistantToken);
        }

        return prompt.ToString();
    }

    private static string Marker(string role) => role switch
    {
        "system" => ByteTokenizer.SystemToken,
        "user" => ByteTokenizer.UserToken,
        "assistant" => ByteTokenizer.AssistantToken,
        "tool" => ByteTokenizer.ToolToken,
        _ => throw new ArgumentException($"The plain chat template has no marker for role '{role}'.", nameof(role)),
    };
}
