using DeepSeek.Tokenizers.Chat;
using DeepSeek.Tokenizers.HuggingFace;

namespace DeepSeek.Tokenizers;

/// <summary>Finds the chat template for a model: by name, or from the model directory's tokenizer_config.json.</summary>
public static class ChatTemplates
{
    /// <summary>Qwen's ChatML (<see cref="ChatMlTemplate"/>).</summary>
    public const string ChatMl = "chatml";

    /// <summary>DeepSeek-V3's format (<see cref="DeepSeekTemplate"/>).</summary>
    public const string DeepSeek = "deepseek";

    /// <summary>The built-in byte models' format (<see cref="PlainTemplate"/>).</summary>
    public const string Plain = "plain";

    // Templates hold no state, so one instance of each serves every model.
    private static readonly ChatMlTemplate ChatMlInstance = new();
    private static readonly DeepSeekTemplate DeepSeekInstance = new();
    private static readonly PlainTemplate PlainInstance = new();

    /// <summary>Every name <see cref="Get"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [ChatMl, DeepSeek, Plain];

    /// <summary>The template with this name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static IChatTemplate Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            ChatMl => ChatMlInstance,
            DeepSeek => DeepSeekInstance,
            Plain => PlainInstance,
            _ => throw new ArgumentException($"Unknown chat template '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>
    /// Picks a template from the source of a Hugging Face chat template: ChatML when it writes
    /// <c>&lt;|im_start|&gt;</c>, DeepSeek when it writes <c>｜User｜</c>, plain otherwise (also for null).
    /// </summary>
    public static IChatTemplate Detect(string? chatTemplateSource)
    {
        if (chatTemplateSource is null)
        {
            return PlainInstance;
        }

        if (chatTemplateSource.Contains(ChatMlTemplate.StartToken, StringComparison.Ordinal))
        {
            return ChatMlInstance;
        }

        return chatTemplateSource.Contains("｜User｜", StringComparison.Ordinal) ? DeepSeekInstance : PlainInstance;
    }

    /// <summary>Detects the template from tokenizer_config.json in the directory; plain when it has none.</summary>
    public static IChatTemplate ForDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Model directory '{directory}' does not exist.");
        }

        return Detect(TokenizerConfig.ReadFromDirectory(directory)?.ChatTemplate);
    }
}
