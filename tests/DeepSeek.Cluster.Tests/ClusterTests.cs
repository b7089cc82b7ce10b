using Microsoft.Extensions.Configuration;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace DeepSeek.Cluster.Tests;

/// <summary>
/// The Cluster profile as an operator runs it: three silo processes (auth+data, ai, gateway) clustered
/// through PostgreSQL, with Redis as grain directory; silos killed with <c>kill -9</c>, the whole cluster
/// restarted, the database stopped under load.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTests(ClusterFixture cluster) : IAsyncLifetime
{
    private const int Timeout = 300_000;

    public Task InitializeAsync() => cluster.EnsureRunningAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact(Timeout = Timeout)]
    public async Task TheMigrationRunsTwiceAndTheSecondRunAppliesNothing()
    {
        await Task.CompletedTask;
        var (first, second) = (cluster.Migrations[0], cluster.Migrations[1]);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("applied 0001_", first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("is up to date", second.Output);
    }

    [Fact(Timeout = Timeout)]
    public async Task MigrateNamesAnUnreachableDatabaseWithoutAStackTrace()
    {
        var (exitCode, output) = await ClusterFixture.RunSiloCommandAsync("migrate", "--ConnectionStrings:Postgres=Host=127.0.0.1;Port=1;Username=nobody;Timeout=2");

        Assert.Equal(1, exitCode);
        Assert.Contains("127.0.0.1:1", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact(Timeout = Timeout)]
    public async Task AChatThroughTheGatewayIsGeneratedOnTheAiSilo()
    {
        var tenant = await CreateTenantAsync("gw");

        var reply = await cluster.Api.ChatAsync(tenant.UserKey, "Which silo answers this?");

        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        Assert.Equal("model", reply.Json.GetProperty("deepseek").GetProperty("route").GetString());
        Assert.StartsWith("ai-", reply.Json.GetProperty("deepseek").GetProperty("worker").GetString());
    }

    [Fact(Timeout = Timeout)]
    public async Task AGrainClientInAnotherProcessFindsTheGatewaysInThePostgresMembershipTable()
    {
        var tenant = await CreateTenantAsync("client");
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(
            new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DeepSeek:Profile"] = "Cluster",
            ["ConnectionStrings:Postgres"] = cluster.ConnectionString,
            ["DeepSeek:Orleans:ClusterId"] = cluster.ClusterId,
            ["DeepSeek:Client:Tenant"] = tenant.Id,
        });
        DeepSeek.Client.Hosting.DeepSeekClientHosting.UseDeepSeekClient(builder);
        using var host = builder.Build();
        await host.StartAsync();

        var client = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<DeepSeek.Client.DeepSeekClient>(host.Services);
        var answer = await client.ChatAsync("Hello from another process.");
        await host.StopAsync();

        Assert.Equal("model", answer.Route.Route);
        Assert.StartsWith("ai-", answer.Route.Worker);
    }

    [Fact(Timeout = Timeout)]
    public async Task KillingTheAiSiloMidStreamEndsTheStreamWithAnErrorAndAReplacementServesTheNextRequest()
    {
        var tenant = await CreateTenantAsync("kill");
        using var stream = await cluster.Api.StartStreamAsync(tenant.UserKey, "Tell me a very long story about silos.", maxTokens: 900);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        var events = new List<string>();
        // Kill once the first generated text has arrived, so the ai silo dies with the stream open.
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            events.Add(line[6..]);
            if (line.Contains("\"content\":\"") && !line.Contains("\"content\":\"\"")) break;
        }
        await cluster.KillAsync(ClusterFixture.Ai);

        var rest = await ReadToEndAsync(reader, TimeSpan.FromSeconds(60));
        events.AddRange(rest);

        // A clean end: an OpenAI-shaped error event, then [DONE] (no hang, no torn connection).
        var trace = string.Join(Environment.NewLine, events.TakeLast(4)) + Environment.NewLine + cluster.Logs();
        Assert.True(events[^1] == "[DONE]", trace);
        Assert.True(JsonDocument.Parse(events[^2]).RootElement.TryGetProperty("error", out var error), trace);
        Assert.Contains(error.GetProperty("code").GetString(), new[] { "node_unavailable", "timeout", "role_unavailable", "service_unavailable" });

        // Without an ai silo the gateway answers 503 quickly instead of hanging.
        var meanwhile = await cluster.Api.ChatAsync(tenant.UserKey, "Is anyone generating?");
        Assert.True(meanwhile.Status == HttpStatusCode.ServiceUnavailable, meanwhile + Environment.NewLine + cluster.Logs());
        Assert.True(meanwhile.Took < TimeSpan.FromSeconds(40), meanwhile.ToString());

        await cluster.StartAsync([ClusterFixture.Ai]);
        var next = await cluster.WaitForChatAsync(tenant.UserKey, TimeSpan.FromSeconds(60), "And now?");
        Assert.StartsWith("ai-", next.Json.GetProperty("deepseek").GetProperty("worker").GetString());
    }

    [Fact(Timeout = Timeout)]
    public async Task EveryDurableGrainSurvivesAFullClusterCrash()
    {
        var tenant = await CreateTenantAsync("durable");
        const string question = "Where does the cluster keep its grain state?";
        var added = await cluster.Api.PostAsync("/v1/knowledge", tenant.AdminKey, new { question, answer = "In PostgreSQL.", context_free = true });
        Assert.True(added.Status == HttpStatusCode.Created, added.ToString());
        var entryId = added.Json.GetProperty("id").GetString();
        var turn = await cluster.Api.ChatAsync(tenant.UserKey, "Remember this turn, please.", sessionId: "crash-1");
        Assert.True(turn.Status == HttpStatusCode.OK, turn.ToString());
        var known = await cluster.Api.ChatAsync(tenant.UserKey, question);
        Assert.Equal("knowledge", known.Json.GetProperty("deepseek").GetProperty("route").GetString());
        var generated = await cluster.Api.ChatAsync(tenant.UserKey, "Rate this answer after the crash.");
        Assert.Equal("model", generated.Json.GetProperty("deepseek").GetProperty("route").GetString());
        var made = new[] { turn, known, generated };
        await WaitForUsageAsync(tenant.UserKey, made);

        // Every silo dies at once; nothing is shut down gracefully.
        foreach (var role in ClusterFixture.Roles) await cluster.KillAsync(role);
        await cluster.StartAsync(ClusterFixture.Roles);
        await cluster.WaitForChatAsync(cluster.AdminKey, TimeSpan.FromSeconds(90));

        // Tenant and keys (TenantGrain), the tenant list (TenantDirectoryGrain), the model catalog.
        var keys = await cluster.Api.GetAsync($"/v1/admin/tenants/{tenant.Id}", tenant.AdminKey);
        Assert.True(keys.Status == HttpStatusCode.OK, keys.ToString());
        var tenants = await cluster.Api.GetAsync("/v1/admin/tenants", cluster.AdminKey);
        Assert.Contains(tenants.Json.GetProperty("data").EnumerateArray(), t => t.GetProperty("id").GetString() == tenant.Id);
        var models = await cluster.Api.GetAsync("/v1/models", tenant.UserKey);
        Assert.Contains(models.Json.GetProperty("data").EnumerateArray(), m => m.GetProperty("id").GetString() == ClusterFixture.Model);
        // The model answer is still on record (CompletionGrain): feedback finds it and promotes it.
        var rated = await cluster.Api.PostAsync("/v1/feedback", tenant.UserKey, new { completion_id = generated.Json.GetProperty("id").GetString(), rating = 1 });
        Assert.True(rated.Status == HttpStatusCode.OK, rated.ToString());
        Assert.True(rated.Json.GetProperty("promoted").GetBoolean(), rated.ToString());
        var entry = await cluster.Api.GetAsync($"/v1/knowledge/{entryId}", tenant.UserKey);
        Assert.True(entry.Status == HttpStatusCode.OK, entry.ToString());
        var again = await cluster.Api.ChatAsync(tenant.UserKey, question);
        Assert.True(again.Status == HttpStatusCode.OK, again.ToString());
        Assert.Equal("knowledge", again.Json.GetProperty("deepseek").GetProperty("route").GetString());
        Assert.Equal(entryId, again.Json.GetProperty("deepseek").GetProperty("knowledge_entry_id").GetString());
        var session = await cluster.Api.GetAsync("/v1/sessions/crash-1", tenant.UserKey);
        Assert.True(session.Status == HttpStatusCode.OK, session.ToString());
        var messages = session.Json.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal("Remember this turn, please.", messages[0].GetProperty("content").GetString());
        Assert.Equal(turn.Json.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(),
            messages[1].GetProperty("content").GetString());
        // The read model is in PostgreSQL: the usage before the crash is still there, plus the new chat.
        await WaitForUsageAsync(tenant.UserKey, [.. made, again]);
    }

    [Fact(Timeout = Timeout)]
    public async Task WithPostgresDownThePlatformIsNotReadyAnswers503AndRecoversByItself()
    {
        var tenant = await CreateTenantAsync("pgdown");
        using var ready = new HttpClient { BaseAddress = cluster.Silo(ClusterFixture.Gateway).BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var stop = new CancellationTokenSource();
        var statuses = new List<(HttpStatusCode Status, TimeSpan Took)>();
        // Load during the outage: chats (answered without the database where possible) and key creations (which need it).
        var load = Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var reply = i++ % 2 == 0
                    ? await cluster.Api.ChatAsync(tenant.UserKey, $"Load {i}", maxTokens: 2)
                    : await cluster.Api.PostAsync($"/v1/admin/tenants/{tenant.Id}/keys", tenant.AdminKey, new { role = "user" });
                lock (statuses) statuses.Add((reply.Status, reply.Took));
            }
        });

        await Task.Delay(1000);
        await cluster.Postgres.StopAsync();
        await WaitForAsync(async () => (await ready.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(20));
        var keyDuringOutage = await cluster.Api.PostAsync($"/v1/admin/tenants/{tenant.Id}/keys", tenant.AdminKey, new { role = "user" });
        await Task.Delay(3000);
        await cluster.Postgres.StartAsync();
        await WaitForAsync(async () => (await ready.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        var keyAfter = await WaitForReplyAsync(() => cluster.Api.PostAsync($"/v1/admin/tenants/{tenant.Id}/keys", tenant.AdminKey, new { role = "user" }),
            HttpStatusCode.Created, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await load;

        Assert.True(keyDuringOutage.Status == HttpStatusCode.ServiceUnavailable, keyDuringOutage + Environment.NewLine + cluster.Logs());
        Assert.Equal("storage_unavailable", keyDuringOutage.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.True(keyAfter.Status == HttpStatusCode.Created, keyAfter.ToString());
        lock (statuses)
        {
            Assert.Contains(statuses, s => s.Status == HttpStatusCode.ServiceUnavailable);
            Assert.All(statuses, s => Assert.True(s.Status is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable,
                $"an answer during the outage was {(int)s.Status}{Environment.NewLine}{cluster.Logs()}"));
            Assert.All(statuses, s => Assert.True(s.Took < TimeSpan.FromSeconds(15), $"an answer during the outage took {s.Took}"));
        }
    }

    private async Task<TestTenant> CreateTenantAsync(string name)
    {
        var id = $"{name}_{Guid.NewGuid():N}"[..20];
        var created = await cluster.Api.PostAsync("/v1/admin/tenants", cluster.AdminKey, new { id, requests_per_minute = 0, tokens_per_minute = 0 });
        Assert.True(created.Status == HttpStatusCode.Created, created + Environment.NewLine + cluster.Logs());
        var admin = await cluster.Api.PostAsync($"/v1/admin/tenants/{id}/keys", cluster.AdminKey, new { role = "admin" });
        Assert.True(admin.Status == HttpStatusCode.Created, admin + Environment.NewLine + cluster.Logs());
        var user = await cluster.Api.PostAsync($"/v1/admin/tenants/{id}/keys", cluster.AdminKey, new { role = "user" });
        return new TestTenant(id, admin.Json.GetProperty("key").GetString()!, user.Json.GetProperty("key").GetString()!);
    }

    // The read model is eventually consistent: right after a full cluster crash the new silos are still
    // taking over the stream queues, and a consumer's delivery that failed meanwhile is retried.
    private static readonly TimeSpan UsageTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Waits until the tenant's usage counts exactly the given completions, by route and tokens.</summary>
    private async Task WaitForUsageAsync(string key, IReadOnlyList<Reply> completions)
    {
        var expected = completions
            .GroupBy(c => c.Json.GetProperty("deepseek").GetProperty("route").GetString()!)
            .ToDictionary(g => g.Key, g => (Requests: g.LongCount(),
                Prompt: g.Sum(c => c.Json.GetProperty("usage").GetProperty("prompt_tokens").GetInt64()),
                Completion: g.Sum(c => c.Json.GetProperty("usage").GetProperty("completion_tokens").GetInt64())));
        Dictionary<string, (long, long, long)> Actual(Reply usage) => usage.Json.GetProperty("data").EnumerateArray().ToDictionary(
            r => r.GetProperty("route").GetString()!,
            r => (r.GetProperty("requests").GetInt64(), r.GetProperty("prompt_tokens").GetInt64(), r.GetProperty("completion_tokens").GetInt64()));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var usage = await cluster.Api.GetAsync("/v1/usage", key);
            if (usage.Status == HttpStatusCode.OK)
            {
                var actual = Actual(usage);
                if (actual.Count == expected.Count && expected.All(e => actual.TryGetValue(e.Key, out var a) && a == e.Value)) return;
            }
            Assert.True(clock.Elapsed < UsageTimeout, $"usage {usage} does not match the completions made{Environment.NewLine}{cluster.Logs()}");
            await Task.Delay(200);
        }
    }

    private static async Task<List<string>> ReadToEndAsync(StreamReader reader, TimeSpan timeout)
    {
        var events = new List<string>();
        using var cancel = new CancellationTokenSource(timeout);
        while (await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal)) events.Add(line[6..]);
        }
        return events;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, $"not within {timeout.TotalSeconds} s");
            await Task.Delay(250);
        }
    }

    private static async Task<Reply> WaitForReplyAsync(Func<Task<Reply>> call, HttpStatusCode status, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var reply = await call();
            if (reply.Status == status || clock.Elapsed > timeout) return reply;
            await Task.Delay(500);
        }
    }

    private sealed record TestTenant(string Id, string AdminKey, string UserKey);
}
