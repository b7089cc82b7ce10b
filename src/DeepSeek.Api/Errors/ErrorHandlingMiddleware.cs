using DeepSeek.Grains;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeepSeek.Api.Errors;

/// <summary>
/// Turns every failure into an OpenAI-shaped error with the right status: platform errors keep theirs,
/// malformed HTTP is 400/413, unknown URLs and methods are 404/405, a client that went away is not an
/// error, and anything unexpected is a 500
/// with a generic message (details go to the log, never to the client).
/// </summary>
public sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            // Routing answers unknown URLs and wrong methods with an empty body; clients expect an error object.
            if (context.Response is { HasStarted: false, ContentType: null, StatusCode: StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed })
                await ApiError.WriteAsync(context, ApiError.NoRoute(context.Request, context.Response.StatusCode));
        }
        catch (PlatformException e)
        {
            await ApiError.WriteAsync(context, e);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await ApiError.WriteAsync(context, ApiError.TooLarge(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0));
        }
        catch (BadHttpRequestException e)
        {
            await ApiError.WriteAsync(context, PlatformException.InvalidRequest($"Malformed request: {e.Message}", code: "invalid_request"));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client disconnected; nobody is left to answer.
        }
        catch (Exception e) when (Unavailable(e) is { } unavailable)
        {
            log.LogWarning(e, "{Method} {Path} failed because a dependency is unavailable", context.Request.Method, context.Request.Path);
            if (!context.Response.HasStarted) await ApiError.WriteAsync(context, unavailable);
        }
        catch (Exception e)
        {
            log.LogError(e, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            if (context.Response.HasStarted) return;
            await ApiError.WriteAsync(context, new PlatformException(
                StatusCodes.Status500InternalServerError, "server_error", "internal_error",
                "The server had an error while processing your request. Retry, and report it if it persists."));
        }
    }

    /// <summary>
    /// Failures that say "try again shortly" rather than "bug": the database is down, a silo died or is
    /// missing, a grain call timed out. They become 503 with Retry-After, never a hanging request or a 500.
    /// </summary>
    internal static PlatformException? Unavailable(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (StorageFailures.IsStorageFailureItself(e)) return StorageFailures.Unavailable();
            switch (e)
            {
                case SiloUnavailableException or OrleansMessageRejectionException:
                    return PlatformException.Unavailable("A platform node is unavailable; retry shortly.", "node_unavailable", 2);
                case TimeoutException:
                    return PlatformException.Unavailable("The platform did not answer in time; retry shortly.", "timeout", 2);
                // No silo of the cluster hosts the grain class at all (every silo of its role is gone).
                case ArgumentException when e.Message.StartsWith("Could not find an implementation for interface", StringComparison.Ordinal):
                    return PlatformException.Unavailable("No platform node of the needed role is running; retry shortly.", "role_unavailable", 5);
                case OrleansException when e.Message.Contains("compatible", StringComparison.OrdinalIgnoreCase):
                    return PlatformException.Unavailable("No platform node of the needed role is running; retry shortly.", "role_unavailable", 5);
            }
        }
        return null;
    }
}
