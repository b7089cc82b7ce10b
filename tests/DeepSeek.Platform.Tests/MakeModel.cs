namespace DeepSeek.Platform.Tests;

public sealed class MakeModel
{
    [Fact]
    public void Make()
    {
        var dir = Environment.GetEnvironmentVariable("DS_MAKE_MODEL");
        if (dir is not null) TinyModelDirectory.Create(dir);
    }
}
