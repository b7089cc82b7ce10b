namespace DeepSeek.Training.Data;

/// <summary>A record that could not be used: its 1-based line number and what is wrong with it.</summary>
public sealed record DatasetError(int Line, string Message)
{
    public override string ToString() => $"line {Line}: {Message}";
}
