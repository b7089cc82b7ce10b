using System.Text.Json;
using DeepSeek.Models;
using DeepSeek.Training.Checkpoints;
using static TorchSharp.torch;

namespace DeepSeek.Training.Adapters;

/// <summary>
/// Applies, saves, loads, merges and removes LoRA adapters on a <see cref="CausalLM"/>. Saved adapters use
/// PEFT's layout: <c>adapter_config.json</c> plus tensors keyed
/// <c>base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight</c>.
/// </summary>
public static class Lora
{
    public const string ConfigFile = "adapter_config.json";
    public const string WeightsFile = "adapter_model" + TensorFile.Extension;
    private const string PeftPrefix = "base_model.model.";
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>
    /// Freezes every base parameter and wraps the target projections of every layer; afterwards only the
    /// adapters train. Returns the module paths that were wrapped.
    /// </summary>
    public static IReadOnlyList<string> Apply(CausalLM model, LoraOptions options)
    {
        options.Validate();
        if (Adapters(model).Any()) throw new InvalidOperationException("The model already has LoRA adapters.");
        foreach (var parameter in model.parameters()) parameter.requires_grad = false;

        using var generator = new Generator((ulong)options.Seed, model.Device);
        var wrapped = new List<string>();
        foreach (var (path, projection, replace) in Projections(model))
        {
            if (!options.TargetModules.Contains(path[(path.LastIndexOf('.') + 1)..])) continue;
            replace(new LoraLinear(projection, options.Rank, options.Alpha, options.Dropout, generator));
            wrapped.Add(path);
        }
        return wrapped;
    }

    /// <summary>The adapters of the model by module path (<c>model.layers.0.self_attn.q_proj</c>).</summary>
    public static IEnumerable<(string Path, LoraLinear Module)> Adapters(CausalLM model) =>
        Projections(model).Where(p => p.Module is LoraLinear).Select(p => (p.Path, (LoraLinear)p.Module));

    /// <summary>The adapter weights under PEFT's key names, ready for a safetensors writer. The tensors are the live parameters.</summary>
    public static Dictionary<string, Tensor> AdapterStateDict(CausalLM model)
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (path, adapter) in Adapters(model))
        {
            state[$"{PeftPrefix}{path}.lora_A.weight"] = adapter.LoraA;
            state[$"{PeftPrefix}{path}.lora_B.weight"] = adapter.LoraB;
        }
        return state;
    }

    /// <summary>Writes <c>adapter_config.json</c> and the adapter weights into <paramref name="directory"/>.</summary>
    public static void SaveAdapter(CausalLM model, string directory, string? baseModelNameOrPath = null)
    {
        var adapters = Adapters(model).ToArray();
        if (adapters.Length == 0) throw new InvalidOperationException("The model has no LoRA adapters to save.");
        if (adapters.Any(a => a.Module.Merged)) throw new InvalidOperationException("Unmerge the adapters before saving them.");
        var first = adapters[0].Module;
        var options = new LoraOptions
        {
            Rank = first.Rank,
            Alpha = first.Alpha,
            Dropout = first.Dropout,
            TargetModules = adapters.Select(a => a.Path[(a.Path.LastIndexOf('.') + 1)..]).Distinct().ToArray(),
        };
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ConfigFile), JsonSerializer.Serialize(AdapterConfig.From(options, baseModelNameOrPath), JsonOptions));
        var weights = Path.Combine(directory, WeightsFile);
        File.Delete(weights);
        TensorFile.Save(weights, AdapterStateDict(model));
    }

    /// <summary>
    /// Applies the adapter saved in <paramref name="directory"/> to a base model and loads its weights; every
    /// adapter tensor must match a wrapped projection and vice versa. Returns the adapter's options.
    /// </summary>
    public static LoraOptions LoadAdapter(CausalLM model, string directory)
    {
        var configPath = Path.Combine(directory, ConfigFile);
        AdapterConfig config;
        try
        {
            config = JsonSerializer.Deserialize<AdapterConfig>(File.ReadAllText(configPath)) ?? throw new InvalidDataException($"{configPath} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{configPath} is not a valid adapter config: {e.Message}", e);
        }
        var options = config.ToOptions();
        Apply(model, options);

        var saved = TensorFile.Load(Path.Combine(directory, WeightsFile));
        try
        {
            var expected = AdapterStateDict(model);
            var missing = expected.Keys.Except(saved.Keys).ToArray();
            var unexpected = saved.Keys.Except(expected.Keys).ToArray();
            if (missing.Length > 0 || unexpected.Length > 0)
                throw new InvalidDataException($"Adapter in {directory} does not fit the model " +
                    $"(missing: {string.Join(", ", missing.Take(3))}; unexpected: {string.Join(", ", unexpected.Take(3))}).");
            using var _ = no_grad();
            foreach (var (key, parameter) in expected)
            {
                if (!parameter.shape.SequenceEqual(saved[key].shape))
                    throw new InvalidDataException($"Adapter tensor {key} has shape [{string.Join(",", saved[key].shape)}], the model expects [{string.Join(",", parameter.shape)}].");
                parameter.copy_(saved[key]);
            }
        }
        finally
        {
            foreach (var tensor in saved.Values) tensor.Dispose();
        }
        return options;
    }

    /// <summary>Adds every adapter into its base weight (faster inference; the adapters stay attached).</summary>
    public static void Merge(CausalLM model)
    {
        foreach (var (_, adapter) in Adapters(model)) adapter.Merge();
    }

    /// <summary>Subtracts every merged adapter from its base weight again.</summary>
    public static void Unmerge(CausalLM model)
    {
        foreach (var (_, adapter) in Adapters(model)) adapter.Unmerge();
    }

    /// <summary>
    /// Removes the adapters, putting the plain projections back, optionally merged first (PEFT's
    /// merge_and_unload). All parameters are made trainable again, as in a freshly built model.
    /// </summary>
    public static void Unload(CausalLM model, bool merge = true)
    {
        foreach (var (_, adapter, replace) in Projections(model).Where(p => p.Module is LoraLinear).ToArray())
        {
            var lora = (LoraLinear)adapter;
            if (merge) lora.Merge();
            else lora.Unmerge();
            replace(lora.Base);
        }
        foreach (var parameter in model.parameters()) parameter.requires_grad = true;
    }

    /// <summary>Every attention and MLP projection with its module path and a way to replace it.</summary>
    private static IEnumerable<(string Path, nn.Module<Tensor, Tensor> Module, Action<nn.Module<Tensor, Tensor>> Replace)> Projections(CausalLM model)
    {
        var layers = model.Body.Layers;
        for (var i = 0; i < layers.Count; i++)
        {
            var attention = layers[i].SelfAttention;
            foreach (var (name, module) in attention.Projections)
                yield return ($"model.layers.{i}.self_attn.{name}", module, m => attention.ReplaceProjection(name, m));
            var mlp = layers[i].FeedForward;
            foreach (var (name, module) in mlp.Projections)
                yield return ($"model.layers.{i}.mlp.{name}", module, m => mlp.ReplaceProjection(name, m));
        }
    }
}
