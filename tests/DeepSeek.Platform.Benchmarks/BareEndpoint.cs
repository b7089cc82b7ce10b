namespace DeepSeek.Platform.Benchmarks;

/// <summary>The baseline: an ASP.NET Core endpoint on loopback that returns a fixed chat completion JSON.</summary>
internal sealed class BareEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareEndpoint(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<BareEndpoint> StartAsync(string json)
    {
        var port = SiloProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", () => Results.Text(json, "application/json"));
        await app.StartAsync();
        return new BareEndpoint(app, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
