namespace DeepSeek.Grains.Tenants;

[GenerateSerializer, Alias("deepseek.tenant-directory-state")]
public sealed class TenantDirectoryState
{
    [Id(0)] public SortedSet<string> TenantIds { get; set; } = new(StringComparer.Ordinal);
}
