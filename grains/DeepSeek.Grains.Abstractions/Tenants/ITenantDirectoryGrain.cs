namespace DeepSeek.Grains.Tenants;

/// <summary>The list of tenant ids, for administrators. Key: "default".</summary>
[Alias("deepseek.tenant-directory")]
public interface ITenantDirectoryGrain : IGrainWithStringKey
{
    [Alias("register")] Task RegisterAsync(string tenantId);
    [Alias("list")] Task<IReadOnlyList<string>> ListAsync();
}
