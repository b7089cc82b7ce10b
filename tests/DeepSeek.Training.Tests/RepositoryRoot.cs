namespace DeepSeek.Training.Tests;

/// <summary>Finds committed repository files from a test's output folder, wherever the build put it.</summary>
internal static class RepositoryRoot
{
    private const string SolutionFile = "DeepSeek.Orleans.sln";

    /// <summary>The folder holding the solution file: the nearest one above the test assembly.</summary>
    public static string Path { get; } = Find();

    /// <summary>A path under the repository root.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, SolutionFile))) return directory.FullName;
        }
        throw new DirectoryNotFoundException($"No {SolutionFile} above {AppContext.BaseDirectory}.");
    }
}
