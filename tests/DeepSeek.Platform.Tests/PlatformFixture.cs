namespace DeepSeek.Platform.Tests;

/// <summary>The platform with its default settings, except a session history budget small enough to see trimming.</summary>
public sealed class PlatformFixture : SiloFixture
{
    /// <summary>Session history kept, in tokens of the tiny model (one per UTF-8 byte, plus four per turn).</summary>
    public const int HistoryTokenBudget = 160;

    protected override IReadOnlyDictionary<string, string> Settings() => new Dictionary<string, string>
    {
        ["DeepSeek:Sessions:HistoryTokenBudget"] = HistoryTokenBudget.ToString(),
    };
}
