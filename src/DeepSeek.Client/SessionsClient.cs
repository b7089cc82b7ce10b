using System.Security.Cryptography;
using DeepSeek.Grains.Sessions;

namespace DeepSeek.Client;

/// <summary>The tenant's conversations. Session ids here are the bare ids (<c>sess_…</c>), as the HTTP API shows them.</summary>
public sealed class SessionsClient
{
    private readonly IGrainFactory _grains;
    private readonly string _tenantId;
    private readonly ModelResolver _models;

    internal SessionsClient(IGrainFactory grains, string tenantId, ModelResolver models)
    {
        _grains = grains;
        _tenantId = tenantId;
        _models = models;
    }

    /// <summary>Creates an empty session; chat continues it through <see cref="ChatOptions.SessionId"/>.</summary>
    public async Task<SessionInfo> CreateAsync(string? model = null, CancellationToken cancellationToken = default)
    {
        Validation.Model(model, nameof(model));
        var modelId = model is null ? null : (await _models.RequireAsync(model, cancellationToken)).Id;
        var id = "sess_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var session = await Grain(id).CreateAsync(modelId).WaitAsync(cancellationToken);
        return session with { Id = id };
    }

    /// <summary>A session and its history, or null when there is none with that id.</summary>
    public async Task<SessionInfo?> GetAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var session = await Grain(Validation.SessionId(sessionId, nameof(sessionId))).GetAsync().WaitAsync(cancellationToken);
        return session is null ? null : session with { Id = sessionId };
    }

    /// <summary>Deletes a session; false when there was none.</summary>
    public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default) =>
        Grain(Validation.SessionId(sessionId, nameof(sessionId))).DeleteAsync().WaitAsync(cancellationToken);

    // The key starts with the tenant id: tenants cannot reach each other's sessions.
    private ISessionGrain Grain(string sessionId) => _grains.GetGrain<ISessionGrain>($"{_tenantId}/{sessionId}");
}
