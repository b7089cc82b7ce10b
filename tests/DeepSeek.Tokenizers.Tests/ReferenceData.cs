using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;

namespace DeepSeek.Tokenizers.Tests;

/// <summary>
/// The reference tokenizers and expected results under reference/ (see its README). Tokenizers
/// are loaded once per test run and shared, which also exercises sharing them across threads.
/// </summary>
public static class ReferenceData
{
    public const string Qwen3 = "qwen3";
    public const string DeepSeekV3 = "deepseek_v3";
    public const string Gpt2 = "gpt2";
    public const string Plain = "plain";

    public static readonly string[] Tokenizers = [Qwen3, DeepSeekV3, Gpt2];

    private static readonly ConcurrentDictionary<string, Lazy<BpeTokenizer>> LoadedTokenizers = new();
    private static readonly ConcurrentDictionary<string, ReferenceFile> LoadedFiles = new();

    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "reference", name);

    public static ReferenceFile Expected(string name) =>
        LoadedFiles.GetOrAdd(name, n =>
        {
            using var stream = File.OpenRead(Path.Combine(Folder(n), "expected.json"));
            return JsonSerializer.Deserialize<ReferenceFile>(stream)!;
        });

    public static BpeTokenizer Tokenizer(string name) =>
        LoadedTokenizers.GetOrAdd(name, n => new Lazy<BpeTokenizer>(() => Load(n))).Value;

    /// <summary>Theory rows: every (tokenizer, case index).</summary>
    public static TheoryData<string, int> AllCases()
    {
        var rows = new TheoryData<string, int>();
        foreach (var name in Tokenizers)
        {
            for (var i = 0; i < Expected(name).Cases!.Length; i++)
            {
                rows.Add(name, i);
            }
        }

        return rows;
    }

    /// <summary>Opens a gzipped reference file as a decompressing stream.</summary>
    public static Stream OpenGzip(string name, string file) =>
        new GZipStream(File.OpenRead(Path.Combine(Folder(name), file + ".gz")), CompressionMode.Decompress);

    /// <summary>Writes a reference tokenizer into <paramref name="directory"/> the way a model directory holds it.</summary>
    public static void ExtractTo(string name, string directory)
    {
        Directory.CreateDirectory(directory);
        string[] files = name == Gpt2 ? ["vocab.json", "merges.txt"] : ["tokenizer.json"];
        foreach (var file in files)
        {
            using var source = OpenGzip(name, file);
            using var target = File.Create(Path.Combine(directory, file));
            source.CopyTo(target);
        }

        var config = Path.Combine(Folder(name), "tokenizer_config.json");
        if (File.Exists(config))
        {
            File.Copy(config, Path.Combine(directory, "tokenizer_config.json"));
        }
    }

    private static BpeTokenizer Load(string name)
    {
        if (name == Gpt2)
        {
            using var vocab = OpenGzip(name, "vocab.json");
            using var merges = OpenGzip(name, "merges.txt");
            return TokenizerLoader.FromVocabAndMerges(vocab, merges);
        }

        using var json = OpenGzip(name, "tokenizer.json");
        using var config = File.OpenRead(Path.Combine(Folder(name), "tokenizer_config.json"));
        return TokenizerLoader.FromTokenizerJson(json, config);
    }
}
