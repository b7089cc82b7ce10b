namespace DeepSeek.Engine.Tests;

public sealed class StopSequenceFilterTests
{
    [Fact]
    public void AStopSplitAcrossPiecesIsNeverReleased()
    {
        var filter = new StopSequenceFilter(["</end>"]);
        var released = filter.Push("hello <") + filter.Push("/en") + filter.Push("d> after");
        Assert.Equal("hello ", released);
        Assert.True(filter.Stopped);
        Assert.Equal("", filter.Flush());
    }

    [Fact]
    public void AFalseStartIsReleasedOnceItCannotMatch()
    {
        var filter = new StopSequenceFilter(["###"]);
        Assert.Equal("a", filter.Push("a##"));
        Assert.Equal("##b", filter.Push("b"));
        Assert.False(filter.Stopped);
    }

    [Fact]
    public void TheEarliestOfSeveralStopsWins()
    {
        var filter = new StopSequenceFilter(["world", "lo"]);
        Assert.Equal("hel", filter.Push("hello world"));
    }

    [Fact]
    public void HeldTextIsFlushedWhenGenerationEndsOtherwise()
    {
        var filter = new StopSequenceFilter(["STOP"]);
        Assert.Equal("abc ", filter.Push("abc ST"));
        Assert.Equal("ST", filter.Flush());
    }
}
