using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Knowledge;

namespace DeepSeek.Client.Tests;

/// <summary>The HTTP API's request rules, checked in the caller's process before any grain call.</summary>
public sealed class DeepSeekClientValidationTests
{
    private static readonly DeepSeekClient Client = new(NoGrainCalls.Create(), "acme");

    public static TheoryData<string, Func<DeepSeekClient, Task>> Rejected => new()
    {
        { "messages", c => c.ChatAsync([]) },
        { "messages", c => c.ChatAsync([new ChatTurn("robot", "beep")]) },
        { "messages", c => c.ChatAsync([new ChatTurn("tool", "42")]) },
        { "messages", c => c.ChatAsync([new ChatTurn("system", "Be brief.")]) },
        { "messages", c => c.ChatAsync([new ChatTurn("user", null!)]) },
        { "options.MaxTokens", c => c.ChatAsync("Hi", new ChatOptions { MaxTokens = 0 }) },
        { "options.MaxTokens", c => c.ChatAsync("Hi", new ChatOptions { MaxTokens = 4097 }) },
        { "options.Temperature", c => c.ChatAsync("Hi", new ChatOptions { Temperature = 2.5 }) },
        { "options.TopP", c => c.ChatAsync("Hi", new ChatOptions { TopP = 0 }) },
        { "options.Stop", c => c.ChatAsync("Hi", new ChatOptions { Stop = ["a", "b", "c", "d", "e"] }) },
        { "options.PresencePenalty", c => c.ChatAsync("Hi", new ChatOptions { PresencePenalty = -3 }) },
        { "options.SessionId", c => c.ChatAsync("Hi", new ChatOptions { SessionId = "../other" }) },
        { "options.User", c => c.ChatAsync("Hi", new ChatOptions { User = new string('u', 257) }) },
        { "options.Model", c => c.ChatAsync("Hi", new ChatOptions { Model = " " }) },
        { "rating", c => c.RateAsync("chatcmpl-0123456789abcdef01234567", 2) },
        { "completionId", c => c.RateAsync("other/chatcmpl-1", 1) },
        { "inputs", c => c.EmbedAsync(Array.Empty<string>()) },
        { "inputs", c => c.EmbedAsync(["fine", ""]) },
        { "role", c => c.Keys.CreateAsync("root") },
        { "keyId", c => c.Keys.RevokeAsync("") },
        { "input", c => c.Knowledge.AddAsync(" ", "An answer.") },
        { "input", c => c.Knowledge.AddAsync("A question?", new string('a', 32_001)) },
        { "limit", c => c.Knowledge.ListAsync(limit: 0) },
        { "sessionId", c => c.Sessions.GetAsync("has space") },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task InvalidArgumentsAreRejectedBeforeAnyGrainCall(string parameter, Func<DeepSeekClient, Task> call)
    {
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => call(Client));

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void StreamingRejectsArgumentsWhenCalledNotWhenEnumerated()
    {
        var error = Assert.Throws<ArgumentException>(() => Client.StreamChatAsync([new ChatTurn("assistant", "Hello")]));

        Assert.Contains("at least one user message", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Acme")]
    [InlineData("acme/other")]
    public void ATenantIdMustBeWellFormed(string tenant)
    {
        var error = Assert.Throws<ArgumentException>(() => new DeepSeekClient(NoGrainCalls.Create(), tenant));

        Assert.Equal("tenantId", error.ParamName);
    }

    [Fact]
    public async Task ImportSkipsInvalidEntriesWithoutACallWhenNoneIsValid()
    {
        var result = await Client.Knowledge.ImportAsync([new KnowledgeEntryInput { Question = "", Answer = "x" }]);

        Assert.Equal(0, result.Added);
        Assert.Equal(1, Assert.Single(result.Errors).Line);
    }
}
