namespace DeepSeek.Tokenizers.Tests;

/// <summary>The chat templates against conversations rendered by the reference Jinja engine.</summary>
public sealed class ChatTemplateParityTests
{
    public static TheoryData<string, int> Chats()
    {
        var rows = new TheoryData<string, int>();
        foreach (var name in (string[])[ReferenceData.DeepSeekV3, ReferenceData.Qwen3, ReferenceData.Plain])
        {
            for (var i = 0; i < ReferenceData.Expected(name).Chats.Length; i++)
            {
                rows.Add(name, i);
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Chats))]
    public void RenderMatchesReferenceTemplate(string reference, int index)
    {
        var chat = ReferenceData.Expected(reference).Chats[index];
        var template = ChatTemplates.Get(reference switch
        {
            ReferenceData.DeepSeekV3 => ChatTemplates.DeepSeek,
            ReferenceData.Qwen3 => ChatTemplates.ChatMl,
            _ => ChatTemplates.Plain,
        });

        Assert.Equal(chat.Rendered, template.Render(chat.ToChatMessages(), chat.AddGenerationPrompt));
    }

    [Theory]
    [MemberData(nameof(Chats))]
    public void RenderedPromptEncodesToReferenceIds(string reference, int index)
    {
        var chat = ReferenceData.Expected(reference).Chats[index];
        if (chat.Ids is null)
        {
            // The plain template has no reference tokenizer: check its markers became single ids instead.
            var ids = new ByteTokenizer().Encode(chat.Rendered);
            Assert.Equal(new ByteTokenizer().BeginOfSequenceId, ids[0]);
            Assert.Equal(chat.Rendered, new ByteTokenizer().Decode(ids));
            return;
        }

        Assert.Equal(chat.Ids, ReferenceData.Tokenizer(reference).Encode(chat.Rendered));
    }

    [Fact]
    public void SavedPlainTemplateIsTheOneTheReferenceRendered()
    {
        Assert.Equal(Chat.PlainTemplate.JinjaSource, ReferenceData.Expected(ReferenceData.Plain).Template);
    }

    [Fact]
    public void DeepSeekConfigTemplateIsDetectedAsDeepSeek()
    {
        Assert.Equal(ChatTemplates.DeepSeek, ChatTemplates.ForDirectory(ReferenceData.Folder(ReferenceData.DeepSeekV3)).Name);
        Assert.Equal(ChatTemplates.ChatMl, ChatTemplates.ForDirectory(ReferenceData.Folder(ReferenceData.Qwen3)).Name);
        Assert.Equal(ChatTemplates.Plain, ChatTemplates.ForDirectory(ReferenceData.Folder(ReferenceData.Gpt2)).Name);
    }
}
