namespace DeepSeek.Platform.Tests;

/// <summary>A fact that needs Node.js; skipped, saying why, where <c>node</c> is not on the PATH.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (NodePath is null) Skip = "Node.js is not installed (no 'node' on the PATH); the OpenAI Node client check needs it.";
    }

    /// <summary>The node executable on the PATH, or null.</summary>
    public static string? NodePath { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .SelectMany(dir => new[] { Path.Combine(dir, "node"), Path.Combine(dir, "node.exe") })
        .FirstOrDefault(File.Exists);
}
