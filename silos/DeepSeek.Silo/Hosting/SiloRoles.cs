using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Cluster;
using DeepSeek.Grains.Inference;
using DeepSeek.Grains.Knowledge;
using DeepSeek.Grains.Models;
using DeepSeek.Grains.Sessions;
using DeepSeek.Grains.Tenants;
using DeepSeek.Grains.Usage;

namespace DeepSeek.Silo.Hosting;

/// <summary>
/// Roles a silo can play (configuration <c>DeepSeek:Roles</c>). A silo hosts only the grain classes of
/// its roles, so Orleans places each grain on a silo of the right role by itself.
/// </summary>
public static class SiloRoles
{
    public const string Gateway = "gateway";
    public const string Auth = "auth";
    public const string Ai = "ai";
    public const string Data = "data";

    public static readonly IReadOnlyList<string> All = [Gateway, Auth, Ai, Data];

    /// <summary>Which role hosts which grain class.</summary>
    public static readonly IReadOnlyDictionary<Type, string> GrainRoles = new Dictionary<Type, string>
    {
        [typeof(TenantGrain)] = Auth,
        [typeof(TenantDirectoryGrain)] = Auth,
        [typeof(InferenceGrain)] = Ai,
        [typeof(FallbackGrain)] = Ai,
        [typeof(DeepLearningGrain)] = Ai,
        [typeof(GpuWorkerGrain)] = Ai,
        [typeof(GpuDirectoryGrain)] = Ai,
        [typeof(SessionGrain)] = Data,
        [typeof(KnowledgeGrain)] = Data,
        [typeof(EmbeddingGrain)] = Data,
        [typeof(CompletionGrain)] = Data,
        [typeof(ModelCatalogGrain)] = Data,
        [typeof(UsageProjectorGrain)] = Data,
        [typeof(UsageGrain)] = Data,
        [typeof(DeepSeek.Grains.Events.EventMetricsGrain)] = Data,
    };

    public static IReadOnlyList<string> Parse(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured) || configured.Trim() == "all") return All;
        var roles = configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => r.ToLowerInvariant()).Distinct().ToList();
        var unknown = roles.Except(All).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException($"DeepSeek:Roles has unknown role(s) {string.Join(", ", unknown)}; use {string.Join(", ", All)} or all.");
        return roles;
    }
}
