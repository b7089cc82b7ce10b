using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepSeek.Training.Adapters;

/// <summary>PEFT's <c>adapter_config.json</c> for a LoRA adapter; property names are its JSON keys.</summary>
public sealed record AdapterConfig
{
    [JsonPropertyName("peft_type")] public string PeftType { get; init; } = "LORA";
    [JsonPropertyName("task_type")] public string TaskType { get; init; } = "CAUSAL_LM";
    [JsonPropertyName("base_model_name_or_path")] public string? BaseModelNameOrPath { get; init; }
    [JsonPropertyName("r")] public int Rank { get; init; }
    [JsonPropertyName("lora_alpha")] public double Alpha { get; init; }
    [JsonPropertyName("lora_dropout")] public double Dropout { get; init; }
    [JsonPropertyName("target_modules")] public string[] TargetModules { get; init; } = [];
    [JsonPropertyName("bias")] public string Bias { get; init; } = "none";
    [JsonPropertyName("fan_in_fan_out")] public bool FanInFanOut { get; init; }
    [JsonPropertyName("use_rslora")] public bool UseRsLora { get; init; }
    [JsonPropertyName("use_dora")] public bool UseDora { get; init; }
    [JsonPropertyName("inference_mode")] public bool InferenceMode { get; init; } = true;

    /// <summary>Keys we do not model are kept so a loaded config saves back unchanged.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }

    public static AdapterConfig From(LoraOptions options, string? baseModelNameOrPath) => new()
    {
        BaseModelNameOrPath = baseModelNameOrPath,
        Rank = options.Rank,
        Alpha = options.Alpha,
        Dropout = options.Dropout,
        TargetModules = options.TargetModules.ToArray(),
    };

    /// <summary>The options this config describes; variants this runtime does not implement are refused.</summary>
    public LoraOptions ToOptions()
    {
        if (PeftType != "LORA") throw new NotSupportedException($"Adapter type '{PeftType}' is not supported (LORA).");
        if (UseRsLora || UseDora || FanInFanOut || Bias != "none")
            throw new NotSupportedException("rsLoRA, DoRA, fan_in_fan_out and trained biases are not supported.");
        var options = new LoraOptions { Rank = Rank, Alpha = Alpha, Dropout = Dropout, TargetModules = TargetModules };
        options.Validate();
        return options;
    }
}
