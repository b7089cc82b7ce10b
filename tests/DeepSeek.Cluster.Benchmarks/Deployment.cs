using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DeepSeek.Testing;

namespace DeepSeek.Cluster.Benchmarks;

/// <summary>
/// One deployment under measurement: its silo processes on loopback, the HTTP API of the silo that has
/// the gateway role, and an unlimited tenant with the known answers. Disposing it stops its silos.
/// </summary>
internal sealed class Deployment : IAsyncDisposable
{
    public const string Model = "deepseek-tiny";
    private const string RouteHeader = "x-deepseek-route";
    private static int _failuresShown;

    private readonly IReadOnlyList<SiloProcess> _silos;
    private readonly HttpClient _http;
    private AuthenticationHeaderValue? _key;
    private long _answered;

    private Deployment(string name, IReadOnlyList<SiloProcess> silos, Uri gateway, TimeSpan startedIn)
    {
        Name = name;
        _silos = silos;
        StartedIn = startedIn;
        _http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }

    /// <summary>From starting the processes until every silo answered <c>/health/ready</c>.</summary>
    public TimeSpan StartedIn { get; }

    /// <summary>The last lines each silo wrote (warnings and errors: the silos log at Warning).</summary>
    public string OutputTail => string.Join(Environment.NewLine, _silos.Select(s => s.OutputTail));

    /// <summary>Requests answered on the knowledge route so far, warm-up included.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>
    /// Starts one silo per entry of <paramref name="silos"/> side by side (the first must have the gateway
    /// role) and waits until each is ready.
    /// </summary>
    public static async Task<Deployment> StartAsync(string name, IReadOnlyList<Dictionary<string, string>> silos)
    {
        var clock = Stopwatch.StartNew();
        var starting = silos.Select(settings => SiloProcess.StartAsync(settings)).ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            // Stop the ones that did start before reporting the one that did not.
            foreach (var silo in starting.Where(s => s.IsCompletedSuccessfully)) await silo.Result.DisposeAsync();
            throw;
        }
        var processes = starting.Select(s => s.Result).ToList();
        return new Deployment(name, processes, processes[0].BaseAddress, clock.Elapsed);
    }

    /// <summary>Creates the tenant (no rate limits: they would cap the measurement), its key, and the known answers.</summary>
    public async Task PrepareAsync(string adminKey)
    {
        var admin = new AuthenticationHeaderValue("Bearer", adminKey);
        // Across silos the gateway can be ready before it has seen the auth silo join: retry until it has.
        await RetryAsync(() => SendAsync(admin, "/v1/admin/tenants",
            new { id = "bench", name = "Benchmark", requests_per_minute = 0, tokens_per_minute = 0 }));
        var key = await SendAsync(admin, "/v1/admin/tenants/bench/keys", new { role = "admin" });
        _key = new AuthenticationHeaderValue("Bearer", key.GetProperty("key").GetString());
        foreach (var question in Questions.Known)
        {
            await SendAsync(_key, "/v1/knowledge", new { question, answer = $"Answer to: {question}", context_free = true });
        }
    }

    /// <summary>Asks one question; true when it was answered on the knowledge route.</summary>
    public async Task<bool> AskAsync(string question)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = Model, messages = new[] { new { role = "user", content = question } } }),
        };
        request.Headers.Authorization = _key;
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var route = response.Headers.TryGetValues(RouteHeader, out var values) ? values.FirstOrDefault() : null;
        if (response.IsSuccessStatusCode && route == "knowledge")
        {
            Interlocked.Increment(ref _answered);
            return true;
        }
        // The first few failures are shown: a benchmark that hides its errors measures nothing.
        if (Interlocked.Increment(ref _failuresShown) <= 3)
            Console.Error.WriteLine($"{Name}: '{question}' got {(int)response.StatusCode}, route {route ?? "(none)"}: {body}");
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        foreach (var silo in _silos) await silo.DisposeAsync();
    }

    private async Task<JsonElement> SendAsync(AuthenticationHeaderValue auth, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = auth;
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{Name}: POST {path}: {(int)response.StatusCode} {text}", null, response.StatusCode);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task RetryAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await action();
                return;
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.ServiceUnavailable && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(500);
            }
            catch (HttpRequestException e)
            {
                throw new InvalidOperationException($"{e.Message}{Environment.NewLine}{Logs()}", e);
            }
        }
    }

    private string Logs() => string.Join(Environment.NewLine, _silos.Select(s => s.OutputTail));
}
