namespace DeepSeek.Client;

/// <summary>The client could not reach a DeepSeek cluster within <see cref="DeepSeekClientOptions.ConnectTimeout"/>.</summary>
public sealed class DeepSeekConnectionException(string message, Exception? innerException) : Exception(message, innerException);
