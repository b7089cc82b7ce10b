using DeepSeek.Grains.Models;

namespace DeepSeek.Grains.Models;

[GenerateSerializer, Alias("deepseek.model-catalog-state")]
public sealed class ModelCatalogState
{
    [Id(0)] public Dictionary<string, ModelCard> Models { get; set; } = new(StringComparer.Ordinal);
}
