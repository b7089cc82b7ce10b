using Orleans.Runtime;

namespace DeepSeek.Data.Benchmarks;

[Alias("DeepSeek.Data.Benchmarks.IStateWriterGrain")]
public interface IStateWriterGrain : IGrainWithIntegerKey
{
    /// <summary>Sets the state and writes it through the storage provider.</summary>
    Task WriteAsync(int value);
}

[GenerateSerializer]
[Alias("DeepSeek.Data.Benchmarks.WriterState")]
public sealed class WriterState
{
    [Id(0)]
    public int Value { get; set; }

    /// <summary>Some payload beyond the counter, about the size of a small session or tenant record.</summary>
    [Id(1)]
    public string Note { get; set; } = "";
}

public sealed class StateWriterGrain([PersistentState("writer", StateWriterGrain.Storage)] IPersistentState<WriterState> state)
    : Grain, IStateWriterGrain
{
    public const string Storage = "store";

    public Task WriteAsync(int value)
    {
        state.State.Value = value;
        state.State.Note = new string('n', 96);
        return state.WriteStateAsync();
    }
}
