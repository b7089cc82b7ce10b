using DeepSeek.Grains.Chat;

namespace DeepSeek.Grains.Chat;

[GenerateSerializer, Alias("deepseek.completion-state")]
public sealed class CompletionState
{
    [Id(0)] public CompletionRecord? Record { get; set; }
}
