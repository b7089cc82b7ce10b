using System.Threading.Channels;

namespace DeepSeek.Engine.Simulation;

/// <summary>Engine-side state of one simulated request: what it has produced and where it streams.</summary>
internal sealed class SimulatedSequence
{
    private readonly CancellationTokenSource _cancellation;
    private readonly List<int> _generated = [];

    public SimulatedSequence(GenerationRequest request, int maxNewTokens, CancellationToken cancellationToken)
    {
        Request = request;
        MaxNewTokens = maxNewTokens;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        CancellationToken = _cancellation.Token;
    }

    public GenerationRequest Request { get; }

    public int MaxNewTokens { get; }

    /// <summary>Prompt tokens found in the KV cache at admission.</summary>
    public int CachedTokens { get; set; }

    public int Generated => _generated.Count;

    public IReadOnlyList<int> GeneratedIds => _generated;

    public bool Finished { get; private set; }

    /// <summary>Finished by reaching its length, not by cancellation.</summary>
    public bool Completed { get; private set; }

    public CancellationToken CancellationToken { get; }

    public Channel<GenerationChunk> Output { get; } = Channel.CreateUnbounded<GenerationChunk>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    public void Accept(int id, string text)
    {
        if (Finished) return;
        _generated.Add(id);
        Output.Writer.TryWrite(new GenerationChunk(text, id));
        if (Generated < MaxNewTokens) return;
        Completed = true;
        Finish(FinishReason.Length);
    }

    public void Cancel() => Finish(FinishReason.Cancelled);

    public void Abandon()
    {
        if (Finished) return;
        try { _cancellation.Cancel(); }
        catch (ObjectDisposedException) { } // finished meanwhile
    }

    private void Finish(FinishReason reason)
    {
        if (Finished) return;
        Finished = true;
        var usage = new GenerationUsage(Request.PromptIds.Count, Generated) { CachedPromptTokens = CachedTokens };
        Output.Writer.TryWrite(new GenerationChunk("", null, reason, usage));
        Output.Writer.TryComplete();
        _cancellation.Dispose();
    }
}
