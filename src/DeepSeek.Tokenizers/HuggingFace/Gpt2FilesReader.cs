using System.Text.Json;
using DeepSeek.Tokenizers.Bpe;
using DeepSeek.Tokenizers.PreTokenizers;

namespace DeepSeek.Tokenizers.HuggingFace;

/// <summary>Builds a <see cref="BpeTokenizer"/> from GPT-2's original vocab.json and merges.txt.</summary>
internal static class Gpt2FilesReader
{
    // GPT-2's only control token; Hugging Face's GPT2Tokenizer uses it as bos, eos and unk.
    private const string EndOfText = "<|endoftext|>";

    public static BpeTokenizer Read(Stream vocabJson, Stream mergesText, TokenizerConfig config)
    {
        var vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(vocabJson)
            ?? throw new InvalidDataException("vocab.json is empty.");
        vocabulary = new Dictionary<string, int>(vocabulary, StringComparer.Ordinal);

        var merges = new List<(string Left, string Right)>();
        using (var reader = new StreamReader(mergesText))
        {
            while (reader.ReadLine() is { } line)
            {
                // The first line is a "#version: 0.2" header.
                if (line.Length == 0 || (merges.Count == 0 && line.StartsWith("#version", StringComparison.Ordinal)))
                {
                    continue;
                }

                merges.Add(TokenizerJsonReader.SplitMerge(line));
            }
        }

        List<AddedToken> added = vocabulary.TryGetValue(EndOfText, out var endOfText)
            ? [new AddedToken(endOfText, EndOfText, Special: true)]
            : [];
        var hasEndOfText = added.Count > 0;

        return new BpeTokenizer(
            new BpeModel(vocabulary, merges, unknownToken: null, ignoreMerges: false),
            new ByteLevelPreTokenizer(addPrefixSpace: false, useRegex: true),
            normalizer: null,
            vocabulary,
            added,
            config.BeginOfSequenceToken ?? (hasEndOfText ? EndOfText : null),
            config.EndOfSequenceToken ?? (hasEndOfText ? EndOfText : null),
            config.AddBeginOfSequence);
    }
}
