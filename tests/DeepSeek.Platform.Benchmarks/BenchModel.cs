using DeepSeek.Models;
using DeepSeek.Tokenizers;

namespace DeepSeek.Platform.Benchmarks;

/// <summary>The bundled model when the repository has it, else a random-weight model of the same family.</summary>
internal static class BenchModel
{
    public static string Locate(string work)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var bundled = Path.Combine(dir.FullName, "models", "deepseek-tiny");
            if (File.Exists(Path.Combine(dir.FullName, "DeepSeek.Orleans.sln")) && File.Exists(Path.Combine(bundled, "config.json"))) return bundled;
        }
        var tokenizer = new ByteTokenizer();
        var config = new ModelConfig
        {
            ModelType = "llama", VocabSize = tokenizer.VocabularySize, HiddenSize = 256, IntermediateSize = 768, NumHiddenLayers = 6,
            NumAttentionHeads = 8, NumKeyValueHeads = 2, MaxPositionEmbeddings = 1024, RmsNormEps = 1e-5, TieWordEmbeddings = true,
        };
        using var model = new CausalLM(config);
        model.InitializeWeights(1);
        var path = Path.Combine(work, "model");
        ModelDirectory.Save(path, model, tokenizer.Save);
        return path;
    }
}
