namespace DeepSeek.Grains.Models;

/// <summary>The models the cluster can serve. Key: "default".</summary>
[Alias("deepseek.model-catalog")]
public interface IModelCatalogGrain : IGrainWithStringKey
{
    [Alias("register")] Task RegisterAsync(ModelCard card);
    [Alias("list")] Task<IReadOnlyList<ModelCard>> ListAsync();
    [Alias("get")] Task<ModelCard?> GetAsync(string id);
}
