using DeepSeek.Tokenizers;

namespace DeepSeek.Training.Tests;

/// <summary>Prefixes the message count, so a shorter conversation is never a prefix of a longer one.</summary>
internal sealed class CountingTemplate : IChatTemplate
{
    public string Name => "counting";
    public IReadOnlyList<string> StopSequences => [];
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true) =>
        $"{messages.Count}:" + string.Concat(messages.Select(m => m.Content));
}
