using System.Numerics.Tensors;
using Xunit.Abstractions;

namespace DeepSeek.Knowledge.Tests;

/// <summary>
/// Calibrates the default similarity threshold against MiniLM. Measured once (rounded):
///
///   same question, reworded                                         cosine
///   capital of France / "Which city is France's capital?"             0.93
///   capital of France / "What's the capital city of France?"          0.96
///   capital of France / "Tell me the capital of France"               0.95
///   reset my password / "I forgot my password, how do I reset it?"    0.94
///   reset my password / "How can I change my password?"               0.86
///   what is Orleans / "Can you explain what Orleans is?"              0.92
///   cancel subscription / "What are the steps to cancel ...?"         0.97
///   cost of shipping / "What is the price of shipping?"               0.94
///
///   worded alike, different answer
///   capital of France / population of France                          0.71
///   capital of France / capital of Germany                            0.66
///   cancel subscription / upgrade subscription                        0.65
///   reset my password / reset my router                               0.53
///
///   unrelated: -0.05 to 0.20 (capital of France / baking bread: 0.15)
///
///   loose paraphrases that fall back to the model at 0.85:
///   "What are your opening hours?" / "When are you open?"             0.73
///   "What is Orleans?" / "What is Microsoft Orleans?"                 0.66
///
/// The threshold sits between the weakest reworded pair and the strongest different-answer pair,
/// closer to the latter's side of the gap than a midpoint would be: answering a different question
/// is the costly mistake; a missed paraphrase only costs a model call.
/// </summary>
[Collection(MiniLmCollection.Name)]
public sealed class KnowledgeCalibrationTests(MiniLmFixture fixture, ITestOutputHelper output)
{
    private static readonly (string A, string B)[] Reworded =
    [
        ("What is the capital of France?", "Which city is France's capital?"),
        ("What is the capital of France?", "What's the capital city of France?"),
        ("What is the capital of France?", "Tell me the capital of France"),
        ("How do I reset my password?", "I forgot my password, how do I reset it?"),
        ("How do I reset my password?", "How can I change my password?"),
        ("What is Orleans?", "Can you explain what Orleans is?"),
        ("How do I cancel my subscription?", "What are the steps to cancel my subscription?"),
        ("How much does shipping cost?", "What is the price of shipping?"),
    ];

    private static readonly (string A, string B)[] DifferentAnswer =
    [
        ("What is the capital of France?", "What is the population of France?"),
        ("What is the capital of France?", "What is the capital of Germany?"),
        ("How do I cancel my subscription?", "How do I upgrade my subscription?"),
        ("How do I reset my password?", "How do I reset my router?"),
        ("What is the capital of France?", "How do I bake bread?"),
        ("What is the capital of France?", "The cat is sleeping on the warm windowsill."),
        ("How do I reset my password?", "What are your opening hours?"),
        ("What is Orleans?", "How much does shipping cost?"),
        ("What is Orleans?", "What is Kubernetes?"),
    ];

    [Fact]
    public async Task TheDefaultThresholdSeparatesRewordedQuestionsFromDifferentOnes()
    {
        var threshold = new KnowledgeOptions().SimilarityThreshold;
        var reworded = await SimilaritiesAsync(Reworded);
        var different = await SimilaritiesAsync(DifferentAnswer);

        foreach (var ((a, b), similarity) in Reworded.Zip(reworded)) output.WriteLine($"same  {similarity,6:F3}  {a} | {b}");
        foreach (var ((a, b), similarity) in DifferentAnswer.Zip(different)) output.WriteLine($"diff  {similarity,6:F3}  {a} | {b}");

        // Every reworded question must hit, and different ones must stay clear of the threshold by a
        // margin, so small shifts (another ONNX Runtime build, other input lengths) do not flip them.
        Assert.All(reworded, s => Assert.True(s >= threshold, $"a reworded pair scored {s:F3} < {threshold}"));
        Assert.All(different, s => Assert.True(s < threshold - 0.1f, $"a different-answer pair scored {s:F3}"));
    }

    private async Task<float[]> SimilaritiesAsync((string A, string B)[] pairs)
    {
        var vectors = await fixture.Model.EmbedAsync([.. pairs.SelectMany(p => new[] { p.A, p.B })]);
        return [.. pairs.Select((_, i) => TensorPrimitives.Dot(vectors[2 * i], vectors[2 * i + 1]))];
    }
}
