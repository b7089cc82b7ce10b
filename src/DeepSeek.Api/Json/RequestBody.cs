using DeepSeek.Api.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace DeepSeek.Api.Json;

/// <summary>Reads a request body into memory, refusing bodies over the limit with 413 before reading them whole.</summary>
internal static class RequestBody
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit) throw ApiError.TooLarge(limit);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        if (context.Request.ContentLength is { } length)
        {
            // The usual case: the size is announced, so read straight into a buffer of that size.
            var exact = new byte[length];
            var filled = 0;
            int count;
            while (filled < exact.Length && (count = await context.Request.Body.ReadAsync(exact.AsMemory(filled), context.RequestAborted)) > 0)
                filled += count;
            return exact.AsMemory(0, filled);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit) throw ApiError.TooLarge(limit);
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
