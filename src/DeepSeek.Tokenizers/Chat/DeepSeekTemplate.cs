using System.Text;

namespace DeepSeek.Tokenizers.Chat;

/// <summary>
/// DeepSeek-V3's format, as its tokenizer_config.json chat template renders it: begin-of-sentence,
/// all system messages joined by a blank line, then <c>&lt;｜User｜&gt;</c>/<c>&lt;｜Assistant｜&gt;</c>
/// turns, each assistant turn closed by end-of-sentence, and tool outputs wrapped in their markers.
/// </summary>
public sealed class DeepSeekTemplate : IChatTemplate
{
    /// <summary>Begins the prompt.</summary>
    public const string BeginOfSentence = "<｜begin▁of▁sentence｜>";

    /// <summary>Closes an assistant turn.</summary>
    public const string EndOfSentence = "<｜end▁of▁sentence｜>";

    /// <summary>Opens a user turn.</summary>
    public const string User = "<｜User｜>";

    /// <summary>Opens an assistant turn.</summary>
    public const string Assistant = "<｜Assistant｜>";

    private const string ToolOutputsBegin = "<｜tool▁outputs▁begin｜>";
    private const string ToolOutputsEnd = "<｜tool▁outputs▁end｜>";
    private const string ToolOutputBegin = "<｜tool▁output▁begin｜>";
    private const string ToolOutputEnd = "<｜tool▁output▁end｜>";

    /// <inheritdoc />
    public string Name => ChatTemplates.DeepSeek;

    /// <inheritdoc />
    public IReadOnlyList<string> StopSequences { get; } = [EndOfSentence];

    /// <inheritdoc />
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var prompt = new StringBuilder(BeginOfSentence);
        prompt.AppendJoin("\n\n", messages.Where(m => m.Role == "system").Select(m => m.Content));

        // The reference template's namespace flags: inside a run of tool outputs, and whether the
        // first tool output has been written. The latter is never reset, as in the reference.
        var inToolOutputs = false;
        var firstToolOutput = true;
        foreach (var message in messages)
        {
            switch (message.Role)
            {
                case "user":
                    inToolOutputs = false;
                    prompt.Append(User).Append(message.Content);
                    break;
                case "assistant" when inToolOutputs:
                    prompt.Append(ToolOutputsEnd).Append(message.Content).Append(EndOfSentence);
                    inToolOutputs = false;
                    break;
                case "assistant":
                    prompt.Append(Assistant).Append(message.Content).Append(EndOfSentence);
                    break;
                case "tool":
                    inToolOutputs = true;
                    prompt.Append(firstToolOutput ? ToolOutputsBegin : "\n")
                        .Append(ToolOutputBegin).Append(message.Content).Append(ToolOutputEnd);
                    firstToolOutput = false;
                    break;
            }
        }

        if (inToolOutputs)
        {
            prompt.Append(ToolOutputsEnd);
        }
        else if (addGenerationPrompt)
        {
            prompt.Append(Assistant);
        }

        return prompt.ToString();
    }
}
