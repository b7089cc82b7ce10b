using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepSeek.Models;

/// <summary>
/// The Hugging Face <c>config.json</c> of a decoder-only Llama/Qwen2 model. Property names are the
/// JSON keys, so a checkpoint's config deserialises as is and ours saves in the same format.
/// </summary>
public sealed record ModelConfig
{
    [JsonPropertyName("model_type")] public string ModelType { get; init; } = "llama";
    [JsonPropertyName("architectures")] public string[]? Architectures { get; init; }
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; }
    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; }
    [JsonPropertyName("intermediate_size")] public int IntermediateSize { get; init; }
    [JsonPropertyName("num_hidden_layers")] public int NumHiddenLayers { get; init; }
    [JsonPropertyName("num_attention_heads")] public int NumAttentionHeads { get; init; }
    [JsonPropertyName("num_key_value_heads")] public int? NumKeyValueHeads { get; init; }
    [JsonPropertyName("head_dim")] public int? HeadDimension { get; init; }
    [JsonPropertyName("max_position_embeddings")] public int MaxPositionEmbeddings { get; init; } = 2048;
    [JsonPropertyName("rms_norm_eps")] public double RmsNormEps { get; init; } = 1e-6;
    [JsonPropertyName("rope_theta")] public double RopeTheta { get; init; } = 10000.0;
    [JsonPropertyName("rope_scaling")] public RopeScaling? RopeScaling { get; init; }
    [JsonPropertyName("tie_word_embeddings")] public bool TieWordEmbeddings { get; init; }
    [JsonPropertyName("attention_bias")] public bool? AttentionBias { get; init; }
    [JsonPropertyName("mlp_bias")] public bool MlpBias { get; init; }
    [JsonPropertyName("hidden_act")] public string HiddenAct { get; init; } = "silu";
    [JsonPropertyName("initializer_range")] public double InitializerRange { get; init; } = 0.02;
    [JsonPropertyName("bos_token_id")] public int? BosTokenId { get; init; }
    [JsonPropertyName("eos_token_id")] public JsonElement? EosTokenId { get; init; }
    [JsonPropertyName("torch_dtype")] public string? TorchDtype { get; init; }

    /// <summary>Keys we do not model are kept so a loaded config saves back unchanged.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }

    [JsonIgnore] public int KeyValueHeads => NumKeyValueHeads ?? NumAttentionHeads;
    [JsonIgnore] public int HeadDim => HeadDimension ?? HiddenSize / NumAttentionHeads;

    /// <summary>Qwen2 always has q/k/v biases; Llama has them (and an o_proj bias) only when attention_bias is set.</summary>
    [JsonIgnore] public bool QkvBias => ModelType == "qwen2" || (AttentionBias ?? false);
    [JsonIgnore] public bool OutputProjectionBias => ModelType != "qwen2" && (AttentionBias ?? false);

    /// <summary>End-of-sequence ids; HF writes a single int or a list.</summary>
    [JsonIgnore]
    public IReadOnlyList<int> EosTokenIds => EosTokenId switch
    {
        { ValueKind: JsonValueKind.Number } e => [e.GetInt32()],
        { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Select(x => x.GetInt32()).ToArray(),
        _ => [],
    };

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static ModelConfig Load(string path)
    {
        ModelConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<ModelConfig>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid model config: {e.Message}", e);
        }
        if (config is null) throw new InvalidDataException($"{path} is empty.");
        config.Validate(path);
        return config;
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, JsonOptions));

    /// <summary>Rejects configs this runtime cannot run, naming the offending field.</summary>
    public void Validate(string source = "config")
    {
        if (ModelType is not ("llama" or "qwen2"))
            throw new NotSupportedException($"{source}: model_type '{ModelType}' is not supported (llama, qwen2).");
        if (HiddenAct != "silu")
            throw new NotSupportedException($"{source}: hidden_act '{HiddenAct}' is not supported (silu).");
        Require(VocabSize > 0, "vocab_size");
        Require(HiddenSize > 0, "hidden_size");
        Require(IntermediateSize > 0, "intermediate_size");
        Require(NumHiddenLayers > 0, "num_hidden_layers");
        Require(NumAttentionHeads > 0, "num_attention_heads");
        Require(KeyValueHeads > 0 && NumAttentionHeads % KeyValueHeads == 0,
            "num_key_value_heads (must divide num_attention_heads)");
        Require(HeadDim > 0 && HeadDim % 2 == 0, "head_dim (must be even)");
        Require(MaxPositionEmbeddings > 0, "max_position_embeddings");
        RopeScaling?.Validate(source);

        void Require(bool ok, string field)
        {
            if (!ok) throw new InvalidDataException($"{source}: invalid {field}.");
        }
    }
}
