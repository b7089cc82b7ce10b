using Orleans.Runtime;

namespace DeepSeek.Data.Tests;

/// <summary>A counter kept in the ADO.NET grain storage under test.</summary>
[Alias("DeepSeek.Data.Tests.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> AddAsync(int amount);

    /// <summary>The value, ETag and existence flag as the grain holds them now.</summary>
    Task<CounterSnapshot> GetAsync();

    /// <summary>Reads the state from storage again and returns it.</summary>
    Task<CounterSnapshot> ReloadAsync();

    Task ClearAsync();

    Task DeactivateAsync();
}

[GenerateSerializer, Immutable]
[Alias("DeepSeek.Data.Tests.CounterSnapshot")]
public sealed record CounterSnapshot([property: Id(0)] int Value, [property: Id(1)] string? ETag, [property: Id(2)] bool RecordExists);

[GenerateSerializer]
[Alias("DeepSeek.Data.Tests.CounterState")]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }
}

public sealed class CounterGrain([PersistentState("counter", AdoNetCluster.StorageName)] IPersistentState<CounterState> state)
    : Grain, ICounterGrain
{
    public async Task<int> AddAsync(int amount)
    {
        state.State.Value += amount;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<CounterSnapshot> GetAsync() => Task.FromResult(Snapshot());

    public async Task<CounterSnapshot> ReloadAsync()
    {
        await state.ReadStateAsync();
        return Snapshot();
    }

    public Task ClearAsync() => state.ClearStateAsync();

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private CounterSnapshot Snapshot() => new(state.State.Value, state.Etag, state.RecordExists);
}
