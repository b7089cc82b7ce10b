namespace DeepSeek.Engine;

/// <summary>
/// Holds back generated text that could still become a stop sequence, so a stop string is never
/// streamed, even in part, and text after it is cut.
/// </summary>
public sealed class StopSequenceFilter(IReadOnlyList<string> stops)
{
    private string _held = "";

    /// <summary>True once a stop sequence has been seen.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Adds new text and returns what can be released now.</summary>
    public string Push(string text)
    {
        if (Stopped) return "";
        _held += text;
        if (stops.Count == 0)
        {
            var all = _held;
            _held = "";
            return all;
        }
        var first = -1;
        foreach (var stop in stops)
        {
            var at = _held.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first)) first = at;
        }
        if (first >= 0)
        {
            Stopped = true;
            var before = _held[..first];
            _held = "";
            return before;
        }
        // Keep the longest tail that is the start of some stop sequence.
        var keep = 0;
        foreach (var stop in stops)
        {
            for (var length = Math.Min(stop.Length - 1, _held.Length); length > keep; length--)
            {
                if (string.CompareOrdinal(_held, _held.Length - length, stop, 0, length) == 0) { keep = length; break; }
            }
        }
        var released = _held[..^keep];
        _held = _held[^keep..];
        return released;
    }

    /// <summary>Releases what is held when generation ends for another reason.</summary>
    public string Flush()
    {
        var rest = Stopped ? "" : _held;
        _held = "";
        return rest;
    }
}
