namespace DeepSeek.Grains;

/// <summary>
/// An error a caller can act on, crossing grain boundaries intact: an OpenAI-style error type and code,
/// the HTTP status it maps to, and the offending parameter when there is one.
/// </summary>
[GenerateSerializer, Alias("deepseek.platform-exception")]
public sealed class PlatformException : Exception
{
    public PlatformException(int status, string type, string code, string message, string? param = null) : base(message)
    {
        Status = status;
        Type = type;
        Code = code;
        Param = param;
    }

    [Id(0)] public int Status { get; }
    [Id(1)] public string Type { get; }
    [Id(2)] public string Code { get; }
    [Id(3)] public string? Param { get; }

    /// <summary>Seconds to wait before retrying (429, 503), when known.</summary>
    [Id(4)] public int? RetryAfterSeconds { get; init; }

    public static PlatformException InvalidRequest(string message, string? param = null, string code = "invalid_value") =>
        new(400, "invalid_request_error", code, message, param);

    public static PlatformException NotFound(string message, string code = "not_found", string? param = null) =>
        new(404, "invalid_request_error", code, message, param);

    public static PlatformException Unavailable(string message, string code = "service_unavailable", int? retryAfter = null) =>
        new(503, "service_unavailable_error", code, message) { RetryAfterSeconds = retryAfter };

    public static PlatformException RateLimited(string message, int retryAfter, string code = "rate_limit_exceeded") =>
        new(429, "rate_limit_error", code, message) { RetryAfterSeconds = retryAfter };
}
