using System.Text.Json;
using DeepSeek.Api.Json;
using DeepSeek.Grains;
using Microsoft.AspNetCore.Http;

namespace DeepSeek.Api.Errors;

/// <summary>Writes errors in the OpenAI shape <c>{"error":{"message","type","param","code"}}</c>.</summary>
public static class ApiError
{
    public static async Task WriteAsync(HttpContext context, PlatformException error)
    {
        if (context.Response.HasStarted) return;
        var allow = context.Response.Headers.Allow;
        context.Response.Clear();
        if (error.Status == StatusCodes.Status405MethodNotAllowed) context.Response.Headers.Allow = allow;
        context.Response.StatusCode = error.Status;
        if (error.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString();
        if (error.Status == StatusCodes.Status401Unauthorized && context.Request.Path.StartsWithSegments("/dashboard"))
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"DeepSeek.Orleans dashboard\"";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(Body(error), ApiJson.Options));
    }

    public static object Body(PlatformException error) => new
    {
        error = new { message = error.Message, type = error.Type, param = error.Param, code = error.Code },
    };

    public static PlatformException Unauthorized(string message) =>
        new(StatusCodes.Status401Unauthorized, "invalid_request_error", "invalid_api_key", message);

    public static PlatformException Forbidden(string message) =>
        new(StatusCodes.Status403Forbidden, "permission_error", "insufficient_permissions", message);

    /// <summary>No endpoint for the URL (404) or not for the method (405), worded as OpenAI words it.</summary>
    public static PlatformException NoRoute(HttpRequest request, int status) => status == StatusCodes.Status404NotFound
        ? new(status, "invalid_request_error", "unknown_url", $"Invalid URL ({request.Method} {request.Path}).")
        : new(status, "invalid_request_error", "method_not_allowed", $"{request.Method} is not allowed on {request.Path}.");

    public static PlatformException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, "invalid_request_error", "request_too_large",
            $"The request body exceeds the limit of {limit} bytes.");
}
