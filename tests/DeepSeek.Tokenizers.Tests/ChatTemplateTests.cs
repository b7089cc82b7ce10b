using DeepSeek.Tokenizers.Chat;

namespace DeepSeek.Tokenizers.Tests;

public sealed class ChatTemplateTests
{
    private static readonly ChatMessage[] Conversation =
    [
        new("system", "Be brief."),
        new("user", "Hi"),
        new("assistant", "Hello."),
        new("user", "Bye"),
    ];

    [Theory]
    [InlineData("{{ '<|im_start|>' + message['role'] }}", ChatTemplates.ChatMl)]
    [InlineData("{{'<｜User｜>' + message['content']}}", ChatTemplates.DeepSeek)]
    [InlineData("{{ bos_token }}{% for m in messages %}{{ m.content }}{% endfor %}", ChatTemplates.Plain)]
    [InlineData(null, ChatTemplates.Plain)]
    public void TemplateIsDetectedFromItsJinjaSource(string? source, string expected)
    {
        Assert.Equal(expected, ChatTemplates.Detect(source).Name);
    }

    [Fact]
    public void TemplatesAreFoundByNameIgnoringCase()
    {
        Assert.Equal(ChatTemplates.ChatMl, ChatTemplates.Get("ChatML").Name);
        Assert.All(ChatTemplates.Names, n => Assert.Equal(n, ChatTemplates.Get(n).Name));
        Assert.Throws<ArgumentException>(() => ChatTemplates.Get("llama"));
    }

    [Fact]
    public void ChatMlWritesEachTurnAndTheGenerationPrompt()
    {
        var prompt = ChatTemplates.Get(ChatTemplates.ChatMl).Render(Conversation);

        Assert.Equal(
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
            + "<|im_start|>assistant\nHello.<|im_end|>\n<|im_start|>user\nBye<|im_end|>\n<|im_start|>assistant\n",
            prompt);
    }

    [Fact]
    public void ChatMlDefaultSystemMessageIsUsedOnlyWithoutASystemTurn()
    {
        var template = new ChatMlTemplate("You are Qwen.");

        Assert.StartsWith("<|im_start|>system\nYou are Qwen.<|im_end|>\n<|im_start|>user\nHi", template.Render([new("user", "Hi")]), StringComparison.Ordinal);
        Assert.StartsWith("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user", template.Render(Conversation), StringComparison.Ordinal);
    }

    [Fact]
    public void DeepSeekPutsSystemAfterBeginOfSentenceAndClosesAssistantTurns()
    {
        var prompt = ChatTemplates.Get(ChatTemplates.DeepSeek).Render(Conversation, addGenerationPrompt: false);

        Assert.Equal("<｜begin▁of▁sentence｜>Be brief.<｜User｜>Hi<｜Assistant｜>Hello.<｜end▁of▁sentence｜><｜User｜>Bye", prompt);
    }

    [Fact]
    public void PlainUsesByteTokenizerMarkers()
    {
        var prompt = ChatTemplates.Get(ChatTemplates.Plain).Render(Conversation);

        Assert.Equal("<|bos|><|system|>Be brief.<|end|><|user|>Hi<|end|><|assistant|>Hello.<|end|><|user|>Bye<|end|><|assistant|>", prompt);
        var tokenizer = new ByteTokenizer();
        Assert.Equal(10, tokenizer.Encode(prompt).Count(tokenizer.IsSpecial));
    }

    [Fact]
    public void PlainRefusesUnknownRoles()
    {
        Assert.Throws<ArgumentException>(() => ChatTemplates.Get(ChatTemplates.Plain).Render([new("narrator", "x")]));
    }

    [Theory]
    [InlineData(ChatTemplates.ChatMl, "<|im_end|>")]
    [InlineData(ChatTemplates.DeepSeek, "<｜end▁of▁sentence｜>")]
    [InlineData(ChatTemplates.Plain, "<|end|>")]
    public void StopSequencesIncludeTheEndOfTurnMarker(string name, string marker)
    {
        Assert.Contains(marker, ChatTemplates.Get(name).StopSequences);
    }

    [Theory]
    [InlineData(ChatTemplates.ChatMl)]
    [InlineData(ChatTemplates.DeepSeek)]
    [InlineData(ChatTemplates.Plain)]
    public void GenerationPromptIsASuffixOfTheRenderedConversation(string name)
    {
        var template = ChatTemplates.Get(name);

        var withPrompt = template.Render(Conversation);
        var without = template.Render(Conversation, addGenerationPrompt: false);

        Assert.StartsWith(without, withPrompt, StringComparison.Ordinal);
        Assert.NotEqual(without, withPrompt);
    }
}
