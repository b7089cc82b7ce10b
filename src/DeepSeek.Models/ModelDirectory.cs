using DeepSeek.Models.Weights;
using DeepSeek.Tokenizers;
using static TorchSharp.torch;

namespace DeepSeek.Models;

/// <summary>
/// A model directory in Hugging Face layout: <c>config.json</c>, safetensors weights (one file or shards
/// with an index), tokenizer files and optionally <c>generation_config.json</c>.
/// </summary>
public sealed class ModelDirectory
{
    public const string ConfigFile = "config.json";

    private ModelDirectory(string path, ModelConfig config, ITokenizer tokenizer, IChatTemplate chatTemplate, GenerationConfig? generation)
    {
        Path = path;
        Config = config;
        Tokenizer = tokenizer;
        ChatTemplate = chatTemplate;
        Generation = generation;
    }

    public string Path { get; }

    public ModelConfig Config { get; }

    public ITokenizer Tokenizer { get; }

    public IChatTemplate ChatTemplate { get; }

    public GenerationConfig? Generation { get; }

    /// <summary>Reads config, tokenizer and chat format; the weights stay on disk until <see cref="LoadModel"/>.</summary>
    public static ModelDirectory Open(string path)
    {
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"Model directory '{path}' does not exist.");
        var configPath = System.IO.Path.Combine(path, ConfigFile);
        if (!File.Exists(configPath)) throw new FileNotFoundException($"Model directory '{path}' has no {ConfigFile}.", configPath);
        var config = ModelConfig.Load(configPath);
        var tokenizer = TokenizerLoader.FromDirectory(path);
        if (tokenizer.VocabularySize > config.VocabSize)
        {
            throw new InvalidDataException(
                $"Model directory '{path}': the tokenizer has {tokenizer.VocabularySize} ids but the model only {config.VocabSize}.");
        }
        return new ModelDirectory(path, config, tokenizer, ChatTemplates.ForDirectory(path), GenerationConfig.TryLoad(path));
    }

    /// <summary>Builds the model on a device and loads its weights strictly (a missing or unexpected key is an error).</summary>
    public CausalLM LoadModel(Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        var model = new CausalLM(Config, device, dtype);
        try
        {
            StateDictLoader.Load(model, Path);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Writes a model, its config and its tokenizer files as a model directory.</summary>
    public static void Save(string path, CausalLM model, Action<string> writeTokenizer, GenerationConfig? generation = null)
    {
        Directory.CreateDirectory(path);
        model.Config.Save(System.IO.Path.Combine(path, ConfigFile));
        StateDictLoader.Save(model, path);
        writeTokenizer(path);
        if (generation is not null)
        {
            File.WriteAllText(System.IO.Path.Combine(path, GenerationConfig.FileName),
                System.Text.Json.JsonSerializer.Serialize(generation, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }
    }
}
