using DeepSeek.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepSeek.Training.Tests;

public sealed class ChatDatasetTests
{
    private static readonly ByteTokenizer Tokenizer = new();
    private static readonly ChatMlTemplate Template = new();

    private static string Record(string user, string reply) =>
        $$"""{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"{{user}}"},{"role":"assistant","content":"{{reply}}"},{"role":"user","content":"Thanks"},{"role":"assistant","content":"Bye."}]}""";

    private static TokenSequence Encode(string jsonl) =>
        ChatJsonlDataset.Read(new StringReader(jsonl), Tokenizer, Template).Dataset.Single();

    /// <summary>The decoded runs of consecutive target tokens.</summary>
    private static List<string> TargetSpans(TokenSequence sequence)
    {
        var spans = new List<string>();
        var run = new List<int>();
        for (var i = 0; i <= sequence.Tokens.Length; i++)
        {
            if (i < sequence.Tokens.Length && sequence.LossMask[i]) { run.Add(sequence.Tokens[i]); continue; }
            if (run.Count > 0) spans.Add(Tokenizer.Decode(run));
            run.Clear();
        }
        return spans;
    }

    [Fact]
    public void MaskCoversExactlyTheAssistantContentAndItsEndOfTurnMarker()
    {
        var sequence = Encode(Record("Hello", "Hi there!"));

        Assert.Equal(["Hi there!<|im_end|>", "Bye.<|im_end|>"], TargetSpans(sequence));
        Assert.Equal(Template.Render(
            [new("system", "Be brief."), new("user", "Hello"), new("assistant", "Hi there!"), new("user", "Thanks"), new("assistant", "Bye.")],
            addGenerationPrompt: false), Tokenizer.Decode(sequence.Tokens));
    }

    [Fact]
    public void AnAssistantTurnWithWeightZeroIsContextOnly()
    {
        var sequence = Encode("""{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b","weight":0},{"role":"user","content":"c"},{"role":"assistant","content":"d"}]}""");
        Assert.Equal(["d<|im_end|>"], TargetSpans(sequence));
    }

    [Fact]
    public void UserTokensDoNotChangeTheMaskedLossButAssistantTokensDo()
    {
        // Same lengths, so the batches line up position by position and one set of logits scores all three.
        var original = Encode(Record("Hello", "Hi there!"));
        var otherUser = Encode(Record("Howdy", "Hi there!"));
        var otherReply = Encode(Record("Hello", "Ho there?"));
        Assert.NotEqual(original.Tokens, otherUser.Tokens);

        using var scope = NewDisposeScope();
        var logits = randn([1, original.Tokens.Length - 1, Tokenizer.VocabularySize], generator: new Generator(5)); // (B, T, V)
        double Loss(TokenSequence s)
        {
            using var batch = TrainingBatch.Collate([s], sequenceLength: 256);
            return LanguageModelLoss.Sum(logits, batch.Targets).item<float>();
        }
        Assert.Equal(Loss(original), Loss(otherUser));
        Assert.NotEqual(Loss(original), Loss(otherReply));

        // Per token: every position whose next token is outside an assistant turn contributes exactly zero.
        using var batch = TrainingBatch.Collate([original], sequenceLength: 256);
        var perToken = LanguageModelLoss.PerToken(logits, batch.Targets).data<float>().ToArray();
        for (var i = 0; i < perToken.Length; i++)
        {
            if (original.LossMask[i + 1]) Assert.True(perToken[i] > 0);
            else Assert.Equal(0f, perToken[i]);
        }
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}""", "invalid JSON")]
    [InlineData("""{"conversation":[]}""", "missing \"messages\"")]
    [InlineData("""{"messages":[]}""", "non-empty array")]
    [InlineData("""{"messages":[{"role":"robot","content":"hi"},{"role":"assistant","content":"x"}]}""", "messages[0].role 'robot'")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":42}]}""", "messages[1].content must be a string")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", "no assistant message")]
    [InlineData("""[1,2]""", "expected a JSON object")]
    public void ABadRecordFailsWithItsLineNumber(string badLine, string expected)
    {
        var jsonl = string.Join('\n', Record("a", "b"), "", badLine, Record("c", "d"));

        var error = Assert.Throws<DatasetException>(() => ChatJsonlDataset.Read(new StringReader(jsonl), Tokenizer, Template, datasetName: "train.jsonl"));

        var only = Assert.Single(error.Errors);
        Assert.Equal(3, only.Line);
        Assert.Contains(expected, only.Message);
        Assert.StartsWith("train.jsonl: line 3: ", error.Message);
    }

    [Fact]
    public void SkipAndReportKeepsTheGoodRecordsAndListsTheBadOnes()
    {
        var jsonl = string.Join('\n', Record("a", "b"), "not json", Record("c", "d"), """{"messages":[{"role":"user","content":"x"}]}""");

        var result = ChatJsonlDataset.Read(new StringReader(jsonl), Tokenizer, Template, DatasetErrorPolicy.SkipAndReport);

        Assert.Equal(2, result.Dataset.Count);
        Assert.Equal([2, 4], result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void AFileNamesItselfInTheError()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "chat.jsonl");
        File.WriteAllLines(path, [Record("a", "b"), """{"messages":"oops"}"""]);

        var error = Assert.Throws<DatasetException>(() => ChatJsonlDataset.Load(path, Tokenizer, Template));
        Assert.Equal("chat.jsonl: line 2: \"messages\" must be a non-empty array", error.Message);
    }

    [Fact]
    public void ATemplateThatDoesNotRenderIncrementallyIsReported()
    {
        var result = ChatJsonlDataset.Read(new StringReader(Record("a", "b")), Tokenizer, new CountingTemplate(), DatasetErrorPolicy.SkipAndReport);
        Assert.Contains("incrementally", Assert.Single(result.Errors).Message);
    }
}
