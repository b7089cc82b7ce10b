using DeepSeek.Training.Data;

namespace DeepSeek.Training.Tests;

internal static class Corpus
{
    public static readonly string[] Sentences =
    [
        "the quick brown fox jumps over the lazy dog.",
        "pack my box with five dozen liquor jugs.",
        "how vexingly quick daft zebras jump!",
    ];

    /// <summary>A few repetitive documents packed into 32-token windows.</summary>
    public static TokenDataset Packed(int documents = 12, int sequenceLength = 32) =>
        PackedTextDataset.Build(Enumerable.Range(0, documents).Select(i => Sentences[i % Sentences.Length] + " " + Sentences[(i + 1) % Sentences.Length]),
            new ByteTokenizer(), sequenceLength);
}
