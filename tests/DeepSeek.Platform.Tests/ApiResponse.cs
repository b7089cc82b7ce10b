using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace DeepSeek.Platform.Tests;

/// <summary>A response as a client sees it: status, headers and body text.</summary>
public sealed record ApiResponse(HttpStatusCode Status, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders, string Body)
{
    /// <summary>The body as JSON (throws with the body in the message when it is not).</summary>
    public JsonElement Json
    {
        get
        {
            try
            {
                return JsonDocument.Parse(Body).RootElement;
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"Expected a JSON body with status {(int)Status}, got: {Body}", e);
            }
        }
    }

    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? values.First() : null;

    public override string ToString() => $"{(int)Status} {Body}";
}
