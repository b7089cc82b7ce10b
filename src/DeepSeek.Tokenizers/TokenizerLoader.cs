using DeepSeek.Tokenizers.HuggingFace;

namespace DeepSeek.Tokenizers;

/// <summary>Loads the tokenizer stored in a model directory.</summary>
public static class TokenizerLoader
{
    /// <summary>Hugging Face tokenizer file (also what <see cref="ByteTokenizer.Save"/> writes).</summary>
    public const string TokenizerJsonFile = "tokenizer.json";

    /// <summary>Optional companion naming bos/eos tokens and the chat template.</summary>
    public const string TokenizerConfigFile = TokenizerConfig.FileName;

    /// <summary>GPT-2 style vocabulary, used with <see cref="MergesFile"/> when there is no tokenizer.json.</summary>
    public const string VocabFile = "vocab.json";

    /// <summary>GPT-2 style merge list.</summary>
    public const string MergesFile = "merges.txt";

    /// <summary>
    /// Loads tokenizer.json (with tokenizer_config.json when present), or else vocab.json with merges.txt.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">The directory holds neither kind of tokenizer.</exception>
    /// <exception cref="NotSupportedException">The tokenizer uses a feature this library does not implement.</exception>
    public static ITokenizer FromDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Tokenizer directory '{directory}' does not exist.");
        }

        var config = TokenizerConfig.ReadFromDirectory(directory) ?? TokenizerConfig.Empty;
        var tokenizerJson = Path.Combine(directory, TokenizerJsonFile);
        if (File.Exists(tokenizerJson))
        {
            using var stream = File.OpenRead(tokenizerJson);
            return TokenizerJsonReader.Read(stream, config);
        }

        var vocab = Path.Combine(directory, VocabFile);
        var merges = Path.Combine(directory, MergesFile);
        if (File.Exists(vocab) && File.Exists(merges))
        {
            using var vocabStream = File.OpenRead(vocab);
            using var mergesStream = File.OpenRead(merges);
            return Gpt2FilesReader.Read(vocabStream, mergesStream, config);
        }

        throw new FileNotFoundException(
            $"No tokenizer in '{directory}': looked for {TokenizerJsonFile}, or {VocabFile} together with {MergesFile}.");
    }

    /// <summary>Reads a Hugging Face tokenizer.json (byte-level BPE) and optionally its tokenizer_config.json.</summary>
    public static BpeTokenizer FromTokenizerJson(Stream tokenizerJson, Stream? tokenizerConfig = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizerJson);
        var config = tokenizerConfig is null ? TokenizerConfig.Empty : TokenizerConfig.Read(tokenizerConfig);
        return TokenizerJsonReader.Read(tokenizerJson, config);
    }

    /// <summary>Reads GPT-2's vocab.json and merges.txt (and optionally a tokenizer_config.json).</summary>
    public static BpeTokenizer FromVocabAndMerges(Stream vocabJson, Stream merges, Stream? tokenizerConfig = null)
    {
        ArgumentNullException.ThrowIfNull(vocabJson);
        ArgumentNullException.ThrowIfNull(merges);
        var config = tokenizerConfig is null ? TokenizerConfig.Empty : TokenizerConfig.Read(tokenizerConfig);
        return Gpt2FilesReader.Read(vocabJson, merges, config);
    }
}
