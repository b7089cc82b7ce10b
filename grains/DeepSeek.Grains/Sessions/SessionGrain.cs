using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Models;
using Microsoft.Extensions.Options;

namespace DeepSeek.Grains.Sessions;

/// <summary>A conversation's history. The key starts with the tenant id, so tenants cannot reach each other's sessions.</summary>
public sealed class SessionGrain(
    [PersistentState("session", ProviderNames.Storage)] IPersistentState<SessionState> state,
    ITokenCounter tokens,
    IOptions<SessionOptions> options,
    TimeProvider clock) : Grain, ISessionGrain
{
    public Task<SessionInfo?> GetAsync() => Task.FromResult(state.State.Exists ? Describe() : null);

    public async Task<SessionInfo> CreateAsync(string? model)
    {
        if (!state.State.Exists)
        {
            state.State.Exists = true;
            state.State.Model = model;
            state.State.CreatedAt = state.State.UpdatedAt = clock.GetUtcNow();
            await state.WriteStateAsync();
        }
        return Describe();
    }

    public async Task<SessionInfo> AppendAsync(IReadOnlyList<ChatTurn> turns, string? model, string? worker)
    {
        if (!state.State.Exists)
        {
            state.State.Exists = true;
            state.State.CreatedAt = clock.GetUtcNow();
        }
        state.State.Model = model ?? state.State.Model;
        state.State.Turns.AddRange(turns);
        if (worker is not null) state.State.LastWorker = worker;
        state.State.UpdatedAt = clock.GetUtcNow();
        Trim();
        await state.WriteStateAsync();
        return Describe();
    }

    public async Task<bool> DeleteAsync()
    {
        if (!state.State.Exists) return false;
        await state.ClearStateAsync();
        state.State = new SessionState();
        return true;
    }

    private void Trim()
    {
        // Drop whole turns from the front until the history fits; the newest turn always stays.
        var budget = options.Value.HistoryTokenBudget;
        var counts = state.State.Turns.Select(t => tokens.Count(state.State.Model, t.Content) + 4).ToList();
        var total = counts.Sum();
        var drop = 0;
        while (total > budget && drop < counts.Count - 1)
        {
            total -= counts[drop];
            drop++;
        }
        if (drop == 0) return;
        state.State.Turns.RemoveRange(0, drop);
        state.State.TrimmedTurns += drop;
    }

    private SessionInfo Describe() => new()
    {
        Id = this.GetPrimaryKeyString(),
        Model = state.State.Model,
        Turns = state.State.Turns.ToList(),
        LastWorker = state.State.LastWorker,
        CreatedAt = state.State.CreatedAt,
        UpdatedAt = state.State.UpdatedAt,
        TrimmedTurns = state.State.TrimmedTurns,
    };
}
