namespace DeepSeek.Tokenizers;

/// <summary>
/// A token matched as a whole in the input text before pre-tokenization (Hugging Face "added token").
/// </summary>
/// <param name="Id">Its id.</param>
/// <param name="Content">Its exact text.</param>
/// <param name="Special">Control token (skipped by <c>Decode(skipSpecialTokens: true)</c>).</param>
/// <param name="LeftStrip">Whitespace just before it is absorbed into the match.</param>
/// <param name="RightStrip">Whitespace just after it is absorbed into the match.</param>
public sealed record AddedToken(int Id, string Content, bool Special, bool LeftStrip = false, bool RightStrip = false);
