using DeepSeek.Grains.Chat;

namespace DeepSeek.Grains.Sessions;

/// <summary>One conversation's history, bounded by a token budget. Key: <c>tenant/session</c>.</summary>
[Alias("deepseek.session")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>The session, or null when it does not exist.</summary>
    [Alias("get")] Task<SessionInfo?> GetAsync();

    /// <summary>Creates the session if needed (idempotent).</summary>
    [Alias("create")] Task<SessionInfo> CreateAsync(string? model);

    /// <summary>Appends a user turn and the reply to it; trims the oldest turns beyond the budget.</summary>
    [Alias("append")] Task<SessionInfo> AppendAsync(IReadOnlyList<ChatTurn> turns, string? model, string? worker);

    [Alias("delete")] Task<bool> DeleteAsync();
}
