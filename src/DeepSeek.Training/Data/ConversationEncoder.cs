using DeepSeek.Tokenizers;

namespace DeepSeek.Training.Data;

/// <summary>
/// Renders a conversation with a chat template and tokenizes it with a loss mask that covers the assistant
/// turns only: the assistant's content and the end-of-turn marker that closes it. System and user turns,
/// role headers and separators are context, never targets.
/// </summary>
public static class ConversationEncoder
{
    /// <summary>
    /// Encodes <paramref name="messages"/>. <paramref name="trainOnTurn"/> (one entry per message) can exclude
    /// individual assistant turns from the loss; by default every assistant turn is trained.
    /// </summary>
    /// <exception cref="FormatException">The template does not render conversations incrementally.</exception>
    public static TokenSequence Encode(IReadOnlyList<ChatMessage> messages, ITokenizer tokenizer, IChatTemplate template,
        IReadOnlyList<bool>? trainOnTurn = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (trainOnTurn is not null && trainOnTurn.Count != messages.Count)
            throw new ArgumentException("One entry per message is required.", nameof(trainOnTurn));
        var full = template.Render(messages, addGenerationPrompt: false);

        // The template only returns text, so assistant spans are found by rendering prefixes: the conversation up to
        // the turn with a generation prompt ends where the reply starts; with the turn included, it ends after it.
        var spans = new List<(int Start, int End)>();
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].Role != "assistant" || trainOnTurn?[i] == false) continue;
            var before = template.Render(messages.Take(i).ToArray(), addGenerationPrompt: true);
            var through = template.Render(messages.Take(i + 1).ToArray(), addGenerationPrompt: false);
            if (!through.StartsWith(before, StringComparison.Ordinal) || !full.StartsWith(through, StringComparison.Ordinal))
                throw new FormatException($"Chat template '{template.Name}' does not render conversations incrementally; assistant turns cannot be located.");
            spans.Add((before.Length, before.Length + TurnLength(through[before.Length..], template)));
        }

        var tokens = new List<int>();
        var mask = new List<bool>();
        var cursor = 0;
        foreach (var (start, end) in spans)
        {
            Append(full[cursor..start], target: false);
            Append(full[start..end], target: true);
            cursor = end;
        }
        Append(full[cursor..], target: false);
        if (tokens.Count == 0) throw new FormatException("The conversation rendered to no tokens.");
        return new TokenSequence(tokens.ToArray(), mask.ToArray());

        // Segments are tokenized separately so the mask lines up with token boundaries exactly; the reply is
        // tokenized from its own start, as the model will produce it after the generation prompt.
        void Append(string text, bool target)
        {
            if (text.Length == 0) return;
            var ids = tokenizer.Encode(text, parseSpecialTokens: true);
            tokens.AddRange(ids);
            mask.AddRange(Enumerable.Repeat(target, ids.Count));
        }
    }

    /// <summary>Length of a rendered assistant turn up to and including its end-of-turn marker; separators after it are not targets.</summary>
    private static int TurnLength(string turn, IChatTemplate template)
    {
        var end = -1;
        foreach (var stop in template.StopSequences)
        {
            if (string.IsNullOrEmpty(stop)) continue;
            var at = turn.LastIndexOf(stop, StringComparison.Ordinal);
            if (at >= 0) end = Math.Max(end, at + stop.Length);
        }
        return end >= 0 ? end : turn.Length;
    }
}
