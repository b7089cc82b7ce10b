using Microsoft.Extensions.Options;

namespace DeepSeek.Client;

/// <summary>Hands out a <see cref="DeepSeekClient"/> per tenant, all sharing one cluster connection and model cache.</summary>
public sealed class DeepSeekClientFactory
{
    private readonly IGrainFactory _grains;
    private readonly DeepSeekClientOptions _options;
    private readonly ModelResolver _models;

    public DeepSeekClientFactory(IGrainFactory grains, IOptions<DeepSeekClientOptions> options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        _grains = grains;
        _options = options.Value;
        _models = new ModelResolver(grains, _options.DefaultModel, clock ?? TimeProvider.System);
    }

    /// <summary>A client acting for <paramref name="tenantId"/>. The caller vouches for the tenant: see <see cref="DeepSeekClient"/>.</summary>
    public DeepSeekClient ForTenant(string tenantId) => new(_grains, tenantId, _options, _models);

    internal DeepSeekClient ForConfiguredTenant() => string.IsNullOrWhiteSpace(_options.Tenant)
        ? throw new InvalidOperationException(
            "DeepSeek:Client:Tenant is not set, so there is no DeepSeekClient to inject; set it, or inject DeepSeekClientFactory and call ForTenant.")
        : ForTenant(_options.Tenant);
}
