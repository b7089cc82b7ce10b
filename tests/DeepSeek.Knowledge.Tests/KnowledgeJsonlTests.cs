using DeepSeek.Knowledge.Import;

namespace DeepSeek.Knowledge.Tests;

public sealed class KnowledgeJsonlTests
{
    [Fact]
    public void ValidLinesAreReadAndBadOnesReportedByLineNumber()
    {
        var text = string.Join('\n',
            """{"question": "What is Orleans?", "answer": "A virtual actor framework.", "context_free": true}""",
            """{"question": "What is a grain?", "answer": "A virtual actor."}""",
            "",
            """{"question": "Broken", "answer": """,
            """{"question": "", "answer": "x"}""",
            """{"answer": "no question"}""",
            """{"question": 42, "answer": "x"}""",
            """{"question": "q", "answer": "x", "context_free": "yes"}""",
            """["question", "answer"]""",
            """{"question": "What is a silo?", "answer": "A host of grains.", "context_free": false, "extra": 1}""");

        var result = KnowledgeJsonl.Parse(text);

        Assert.Equal(
            [
                new KnowledgeImportItem("What is Orleans?", "A virtual actor framework.", true),
                new KnowledgeImportItem("What is a grain?", "A virtual actor.", false),
                new KnowledgeImportItem("What is a silo?", "A host of grains.", false),
            ],
            result.Items);
        Assert.Equal([4, 5, 6, 7, 8, 9], result.Errors.Select(e => e.LineNumber));
        Assert.StartsWith("invalid JSON", result.Errors[0].Message);
        Assert.Equal("\"question\" is empty", result.Errors[1].Message);
        Assert.Equal("missing \"question\"", result.Errors[2].Message);
        Assert.Equal("\"question\" must be a string, found a number", result.Errors[3].Message);
        Assert.Equal("\"context_free\" must be true or false, found a string", result.Errors[4].Message);
        Assert.Equal("expected a JSON object, found an array", result.Errors[5].Message);
    }

    [Fact]
    public void MissingAnswerAndLeadingByteOrderMarkAreHandled()
    {
        var result = KnowledgeJsonl.Parse("\uFEFF{\"question\": \"q1\", \"answer\": \"a1\"}\r\n{\"question\": \"q2\", \"answer\": null}\r\n");

        Assert.Equal([new KnowledgeImportItem("q1", "a1", false)], result.Items);
        Assert.Equal([new KnowledgeImportError(2, "\"answer\" must be a string, found null")], result.Errors);
    }
}
