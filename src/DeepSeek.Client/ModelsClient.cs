using DeepSeek.Grains.Models;

namespace DeepSeek.Client;

/// <summary>The models the cluster serves, as <c>GET /v1/models</c> lists them (cached for a few seconds).</summary>
public sealed class ModelsClient
{
    private readonly ModelResolver _models;

    internal ModelsClient(ModelResolver models) => _models = models;

    public Task<IReadOnlyList<ModelCard>> ListAsync(CancellationToken cancellationToken = default) => _models.ListAsync(cancellationToken);

    /// <summary>One model ("default" names the configured default), or null when the cluster does not serve it.</summary>
    public Task<ModelCard?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("A model id must not be empty.", nameof(id));
        return _models.FindAsync(id, cancellationToken);
    }
}
