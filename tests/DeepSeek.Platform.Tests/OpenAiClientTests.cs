using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace DeepSeek.Platform.Tests;

/// <summary>The official OpenAI clients, unchanged, against the platform: only the base URL and key differ.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OpenAiClientTests(PlatformFixture platform)
{
    private const int Timeout = 120_000;
    private const string Question = "What is the capital of France?";
    private const string Answer = "Paris is the capital of France.";

    [Fact(Timeout = Timeout)]
    public async Task TheOpenAiDotnetClientCompletesAChat()
    {
        var tenant = await KnowingTenantAsync("dotnetsdk");
        var chat = DotnetClient(tenant);

        ChatCompletion known = await chat.CompleteChatAsync([new UserChatMessage(Question)], new ChatCompletionOptions { MaxOutputTokenCount = 8 });
        ChatCompletion unknown = await chat.CompleteChatAsync(
            [new SystemChatMessage("Be brief."), new UserChatMessage("Tell me about silos.")],
            new ChatCompletionOptions { MaxOutputTokenCount = 8, Temperature = 0.7f, TopP = 0.9f, StopSequences = { "\n\n" } });

        Assert.Equal(Answer, Assert.Single(known.Content).Text);
        Assert.Equal(ChatFinishReason.Stop, known.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, known.Role);
        Assert.StartsWith("chatcmpl-", unknown.Id);
        Assert.Contains(unknown.FinishReason, new[] { ChatFinishReason.Stop, ChatFinishReason.Length });
        Assert.InRange(unknown.Usage.OutputTokenCount, 0, 8);
        Assert.True(unknown.Usage.InputTokenCount > 0);
    }

    [Fact(Timeout = Timeout)]
    public async Task TheOpenAiDotnetClientStreamsAChatWithUsage()
    {
        var tenant = await KnowingTenantAsync("dotnetstream");
        var chat = DotnetClient(tenant);

        var (knownText, knownFinish, _) = await StreamAsync(chat, Question);
        var (_, unknownFinish, usage) = await StreamAsync(chat, "Stream something about grains.");

        Assert.Equal(Answer, knownText);
        Assert.Equal(ChatFinishReason.Stop, knownFinish);
        Assert.Contains(unknownFinish, new ChatFinishReason?[] { ChatFinishReason.Stop, ChatFinishReason.Length });
        Assert.NotNull(usage);
        Assert.InRange(usage.OutputTokenCount, 0, 8);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
    }

    [NodeFact(Timeout = Timeout)]
    public async Task TheOpenAiNodeClientCompletesAndStreamsAChat()
    {
        var tenant = await KnowingTenantAsync("nodesdk");
        var directory = NodeClientDirectory();
        Assert.True(Directory.Exists(Path.Combine(directory, "node_modules", "openai")),
            $"The OpenAI Node client is not installed: run 'npm ci' in {directory} (the CI script does).");

        var known = await RunNodeClientAsync(directory, tenant, Question);
        var unknown = await RunNodeClientAsync(directory, tenant, "Tell me about silos.");

        Assert.Equal(Answer, known.GetProperty("content").GetString());
        Assert.Equal("knowledge", known.GetProperty("route").GetString());
        Assert.Equal(Answer, known.GetProperty("streamed").GetString());
        Assert.Equal("stop", known.GetProperty("finishReason").GetString());
        Assert.Equal("model", unknown.GetProperty("route").GetString());
        Assert.Contains(unknown.GetProperty("finishReason").GetString(), new[] { "stop", "length" });
        Assert.InRange(unknown.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), 0, 8);
    }

    private async Task<TestTenant> KnowingTenantAsync(string name)
    {
        var tenant = await platform.CreateTenantAsync(name);
        var added = await platform.Api.PostAsync("/v1/knowledge", tenant.AdminKey, new { question = Question, answer = Answer });
        Assert.Equal(HttpStatusCode.Created, added.Status);
        return tenant;
    }

    private ChatClient DotnetClient(TestTenant tenant) => new(SiloFixture.Model, new ApiKeyCredential(tenant.UserKey), new OpenAIClientOptions
    {
        Endpoint = new Uri(platform.Silo.BaseAddress, "/v1"),
        RetryPolicy = new ClientRetryPolicy(0),
        NetworkTimeout = TimeSpan.FromSeconds(60),
    });

    private static async Task<(string Text, ChatFinishReason? Finish, ChatTokenUsage? Usage)> StreamAsync(ChatClient chat, string question)
    {
        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(question)], new ChatCompletionOptions { MaxOutputTokenCount = 8 }))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }
        return (text.ToString(), finish, usage);
    }

    private async Task<JsonElement> RunNodeClientAsync(string directory, TestTenant tenant, string question)
    {
        var start = new ProcessStartInfo(NodeFactAttribute.NodePath!, "chat.mjs")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DEEPSEEK_BASE_URL"] = new Uri(platform.Silo.BaseAddress, "/v1").ToString();
        start.Environment["DEEPSEEK_API_KEY"] = tenant.UserKey;
        start.Environment["DEEPSEEK_MODEL"] = SiloFixture.Model;
        start.Environment["DEEPSEEK_QUESTION"] = question;
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        try
        {
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        }
        finally
        {
            if (!node.HasExited) node.Kill(entireProcessTree: true);
        }
        var output = await stdout;
        Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}: {output}{await stderr}");
        return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
    }

    /// <summary>The Node client's folder in the source tree, found from the test output folder.</summary>
    private static string NodeClientDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "openai-node");
            if (File.Exists(Path.Combine(candidate, "chat.mjs"))) return candidate;
        }
        throw new DirectoryNotFoundException($"No openai-node folder above {AppContext.BaseDirectory}.");
    }
}
