using System.Text;
using DeepSeek.Tokenizers;

namespace DeepSeek.Training.Tests;

/// <summary>ChatML: <c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c> per turn.</summary>
internal sealed class ChatMlTemplate : IChatTemplate
{
    public string Name => "chatml";
    public IReadOnlyList<string> StopSequences { get; } = ["<|im_end|>"];

    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true)
    {
        var text = new StringBuilder();
        foreach (var m in messages) text.Append($"<|im_start|>{m.Role}\n{m.Content}<|im_end|>\n");
        if (addGenerationPrompt) text.Append("<|im_start|>assistant\n");
        return text.ToString();
    }
}
