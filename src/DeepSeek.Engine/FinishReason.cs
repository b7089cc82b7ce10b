namespace DeepSeek.Engine;

/// <summary>Why a generation ended (the OpenAI values: stop, length; plus cancelled).</summary>
public enum FinishReason
{
    /// <summary>An end-of-sequence token or a stop sequence.</summary>
    Stop,

    /// <summary>Max tokens reached, or the context window is full.</summary>
    Length,

    /// <summary>The caller cancelled.</summary>
    Cancelled,
}
