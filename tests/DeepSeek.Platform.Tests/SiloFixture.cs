using System.Net;
using System.Security.Cryptography;

namespace DeepSeek.Platform.Tests;

/// <summary>
/// One running platform for a collection of tests: a tiny random-weight model, a known platform admin
/// key, and helpers that create isolated tenants so tests never see each other's data.
/// </summary>
public abstract class SiloFixture : IAsyncLifetime
{
    public const string Model = "deepseek-tiny";
    private int _tenants;

    /// <summary>The platform admin key the silo bootstraps with.</summary>
    public string AdminKey { get; } = "sk-ds-admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>Scratch space for model directories; removed on dispose.</summary>
    protected string Scratch { get; } = Directory.CreateTempSubdirectory("deepseek-e2e-models-").FullName;

    public SiloProcess Silo { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public ApiClient Api { get; private set; } = null!;

    /// <summary>Settings beyond the model and the admin key, as <c>--Key=value</c> arguments.</summary>
    protected abstract IReadOnlyDictionary<string, string> Settings();

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            [$"DeepSeek:Models:Directories:{Model}"] = TinyModelDirectory.Create(Path.Combine(Scratch, Model), seed: 1),
            ["DeepSeek:Bootstrap:AdminKey"] = AdminKey,
        };
        foreach (var (key, value) in Settings()) settings[key] = value;
        Silo = await SiloProcess.StartAsync(settings);
        Http = new HttpClient { BaseAddress = Silo.BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
        Api = new ApiClient(Http);
    }

    /// <summary>A new tenant with an admin key and a user key; <paramref name="requestsPerMinute"/> 0 means unlimited.</summary>
    public async Task<TestTenant> CreateTenantAsync(string name, int requestsPerMinute = 0)
    {
        var id = $"{name}_{Interlocked.Increment(ref _tenants)}";
        var created = await Api.PostAsync("/v1/admin/tenants", AdminKey, new { id, name, requests_per_minute = requestsPerMinute, tokens_per_minute = 0 });
        Assert.True(created.Status == HttpStatusCode.Created, $"creating tenant {id}: {created}{Environment.NewLine}{Silo.OutputTail}");
        return new TestTenant(id, await CreateKeyAsync(id, "admin"), await CreateKeyAsync(id, "user"));
    }

    private async Task<string> CreateKeyAsync(string tenant, string role)
    {
        var issued = await Api.PostAsync($"/v1/admin/tenants/{tenant}/keys", AdminKey, new { role });
        Assert.True(issued.Status == HttpStatusCode.Created, $"creating a {role} key for {tenant}: {issued}");
        return issued.Json.GetProperty("key").GetString()!;
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Silo is not null) await Silo.DisposeAsync();
        Directory.Delete(Scratch, recursive: true);
    }
}
