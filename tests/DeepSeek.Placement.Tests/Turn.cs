namespace DeepSeek.Placement.Tests;

/// <summary>What a turn reports: the worker that ran it, its text and the prompt tokens served from the KV cache.</summary>
public sealed record Turn(string Worker, string Text, int CachedTokens);
