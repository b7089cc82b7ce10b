namespace DeepSeek.Models.Weights;

/// <summary>
/// Writes a file through a temporary sibling and a rename, so readers (and a crash) only ever see the old
/// file or the complete new one, never a half-written checkpoint.
/// </summary>
internal static class AtomicFile
{
    internal static void Write(string path, Action<FileStream> write)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        // Same directory as the target: a rename within one file system is atomic, across file systems it is a copy.
        var temp = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
