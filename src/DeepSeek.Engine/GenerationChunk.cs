namespace DeepSeek.Engine;

/// <summary>
/// One streamed piece of a generation: text that became final with this token (possibly empty while
/// a multi-byte character or a possible stop sequence is held back). The last chunk carries the finish
/// reason and the usage.
/// </summary>
public sealed record GenerationChunk(string Text, int? TokenId, FinishReason? FinishReason = null, GenerationUsage? Usage = null);
