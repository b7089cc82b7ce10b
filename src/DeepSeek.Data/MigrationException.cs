namespace DeepSeek.Data;

/// <summary>
/// A migration run that cannot go on: database unreachable, login refused, an applied migration
/// edited, or a script that failed (rolled back). The message says what to do; it is meant to be
/// shown to an operator as is, without a stack trace.
/// </summary>
public sealed class MigrationException(string message, Exception? innerException = null)
    : Exception(message, innerException);
