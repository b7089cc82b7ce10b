namespace DeepSeek.Engine;

/// <summary>The engine's queue is full; the request was not admitted and may be retried later.</summary>
public sealed class EngineOverloadedException(string message) : Exception(message);
