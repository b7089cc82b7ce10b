using System.Threading.Channels;
using DeepSeek.Tokenizers;

namespace DeepSeek.Engine;

/// <summary>Engine-side state of one request: its cache slot, position, sampler and output channel.</summary>
internal sealed class Sequence
{
    private readonly StopSequenceFilter _stops;
    private readonly HashSet<int> _endIds;
    private readonly StreamingDetokenizer _text;

    private readonly CancellationTokenSource _cancellation;

    public Sequence(GenerationRequest request, ITokenizer tokenizer, int maxSequenceLength, CancellationToken cancellationToken)
    {
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        CancellationToken = _cancellation.Token;
        Request = request;
        _text = new StreamingDetokenizer(tokenizer, skipSpecialTokens: true);
        Sampler = new TokenSampler(request.Options);
        _stops = new StopSequenceFilter(request.Options.Stop);
        _endIds = [.. tokenizer.EndOfSequenceIds, .. request.Options.StopTokenIds];
        MaxNewTokens = Math.Min(request.Options.MaxTokens, maxSequenceLength - request.PromptIds.Count);
    }

    public GenerationRequest Request { get; }

    public TokenSampler Sampler { get; }

    public Channel<GenerationChunk> Output { get; } = Channel.CreateUnbounded<GenerationChunk>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>Cancelled by the caller's token, or when the reader stops reading.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The reader went away before the end: stop generating for it.</summary>
    public void Abandon()
    {
        if (Finished) return;
        try { _cancellation.Cancel(); }
        catch (ObjectDisposedException) { } // finished meanwhile
    }

    public int MaxNewTokens { get; }

    public int Slot { get; set; } = -1;

    /// <summary>Positions already in the cache.</summary>
    public int Position { get; set; }

    /// <summary>The last sampled token, fed at the next decode step.</summary>
    public int LastToken { get; private set; }

    public int Generated { get; private set; }

    public bool Finished { get; private set; }

    /// <summary>Records a sampled token, streams its text, and finishes the sequence when it should end.</summary>
    public void Accept(int token)
    {
        LastToken = token;
        if (_endIds.Contains(token))
        {
            Finish(FinishReason.Stop, tokenId: token, countToken: true);
            return;
        }
        Generated++;
        var text = _stops.Push(_text.Push(token));
        if (_stops.Stopped)
        {
            Output.Writer.TryWrite(new GenerationChunk(text, token));
            Finish(FinishReason.Stop, tokenId: null, countToken: false);
            return;
        }
        if (Generated >= MaxNewTokens)
        {
            Output.Writer.TryWrite(new GenerationChunk(text + _stops.Push(_text.Flush()) + _stops.Flush(), token));
            Finish(FinishReason.Length, tokenId: null, countToken: false);
            return;
        }
        Output.Writer.TryWrite(new GenerationChunk(text, token));
    }

    public void Cancel() => Finish(FinishReason.Cancelled, tokenId: null, countToken: false);

    public void Fail(Exception error)
    {
        if (Finished) return;
        Finished = true;
        Output.Writer.TryComplete(error);
        _cancellation.Dispose();
    }

    private void Finish(FinishReason reason, int? tokenId, bool countToken)
    {
        if (Finished) return;
        Finished = true;
        if (countToken) Generated++;
        var rest = reason == FinishReason.Cancelled ? "" : _stops.Push(_text.Flush()) + _stops.Flush();
        var usage = new GenerationUsage(Request.PromptIds.Count, Generated);
        Output.Writer.TryWrite(new GenerationChunk(rest, tokenId, reason, usage));
        Output.Writer.TryComplete();
        _cancellation.Dispose();
    }
}
