using System.Runtime.InteropServices;
using DeepSeek.Tokenizers;

namespace DeepSeek.TrainTiny;

/// <summary>
/// Expands the hand-written blocks into training text: paragraphs and question/answer documents (plain text)
/// and single- and multi-turn conversations. Every choice comes from one seeded <see cref="Random"/>, so a
/// topic file and a seed always give the same corpus.
/// </summary>
internal sealed class CorpusGenerator
{
    // How a user may ask about a topic; {0} is one of its names. The name never starts a sentence, so the
    // names can keep their lower-case articles.
    private static readonly string[] QuestionTemplates =
    [
        "What is {0}?", "What's {0}?", "Tell me about {0}.", "Can you explain {0}?", "Explain {0} briefly.",
        "What does {0} do?", "Describe {0}.", "Could you tell me what {0} is?", "Give me a short explanation of {0}.",
        "I would like to know about {0}.", "What do you know about {0}?", "Please explain {0}.",
    ];

    private static readonly string[] SystemPrompts =
    [
        "You are a helpful assistant.",
        "You are deepseek-tiny, a small assistant for the DeepSeek.Orleans platform.",
        "Answer briefly.",
        "You answer questions about Orleans and DeepSeek.Orleans.",
    ];

    private static readonly string[] FollowUps = ["Tell me more.", "Can you tell me more?", "What else?", "Go on.", "And?"];

    private const string NothingMore = "That is all I know about it.";

    private readonly CorpusBlock[] _topics;
    private readonly CorpusBlock[] _facts;
    private readonly CorpusBlock[] _chats;
    private readonly Random _random;
    private readonly Func<IReadOnlyList<ChatMessage>, int> _tokenCount;
    private readonly int _maxConversationTokens;

    /// <param name="blocks">The topic file's blocks.</param>
    /// <param name="seed">Seeds every choice.</param>
    /// <param name="tokenCount">Tokens a rendered conversation takes; longer than <paramref name="maxConversationTokens"/> is left out, since training would cut its end-of-turn token off.</param>
    /// <param name="maxConversationTokens">The training sequence length plus one.</param>
    public CorpusGenerator(IReadOnlyList<CorpusBlock> blocks, int seed, Func<IReadOnlyList<ChatMessage>, int> tokenCount, int maxConversationTokens)
    {
        _topics = blocks.Where(b => b.Kind == CorpusBlockKind.Topic).ToArray();
        _facts = blocks.Where(b => b.Kind == CorpusBlockKind.Facts).ToArray();
        _chats = blocks.Where(b => b.Kind == CorpusBlockKind.Chat).ToArray();
        _random = new Random(seed);
        (_tokenCount, _maxConversationTokens) = (tokenCount, maxConversationTokens);
    }

    /// <summary>Conversations left out for being longer than the training window.</summary>
    public int TooLong { get; private set; }

    /// <summary>Generates the corpus and sends a seeded <paramref name="heldOutFraction"/> of the documents and of the conversations to the held-out split.</summary>
    public GeneratedCorpus Generate(double heldOutFraction)
    {
        var plain = new List<string>();
        var chats = new List<IReadOnlyList<ChatMessage>>();

        foreach (var topic in _topics)
        {
            for (var i = 0; i < 4; i++) plain.Add(Paragraph(topic));
            for (var i = 0; i < 3; i++)
            {
                var (question, answer) = TopicExchange(topic, out _);
                plain.Add($"Question: {question}\nAnswer: {answer}");
            }
            // Each name and each extra question comes up several times, in a different wording each time.
            var asks = topic.Names.Count * 8 + topic.Asks.Count * 4;
            for (var i = 0; i < asks; i++)
            {
                var (question, answer) = TopicExchange(topic, out _);
                chats.Add(WithSystemPrompt([User(question), Assistant(answer)]));
            }
        }

        foreach (var block in _facts.Concat(_chats))
        {
            foreach (var question in block.Questions)
            {
                for (var i = 0; i < 4; i++) chats.Add(WithSystemPrompt([User(Vary(question)), Assistant(Pick(block.Answers))]));
                if (block.Kind == CorpusBlockKind.Facts) plain.Add($"Question: {question}\nAnswer: {Pick(block.Answers)}");
            }
        }

        // Longer documents: several topics in a row, and lists of simple facts.
        for (var i = 0; i < 30; i++)
            plain.Add(string.Join("\n\n", Enumerable.Range(0, _random.Next(2, 4)).Select(_ => Paragraph(Pick(_topics)))));
        for (var i = 0; i < 20; i++)
            plain.Add(string.Join(" ", Enumerable.Range(0, _random.Next(3, 7)).Select(_ => Pick(Pick(_facts).Answers)).Distinct()));

        for (var i = 0; i < 400; i++) chats.Add(WithSystemPrompt(MultiTurn()));

        // Shuffled, so that conversations packed into one training row are about different things.
        _random.Shuffle(CollectionsMarshal.AsSpan(plain));
        _random.Shuffle(CollectionsMarshal.AsSpan(chats));
        var fitting = chats.Where(c => _tokenCount(c) <= _maxConversationTokens).ToList();
        TooLong = chats.Count - fitting.Count;
        var (plainTrain, plainHeldOut) = Split(plain, heldOutFraction);
        var (chatTrain, chatHeldOut) = Split(fitting, heldOutFraction);
        return new GeneratedCorpus(plainTrain, plainHeldOut, chatTrain, chatHeldOut);
    }

    /// <summary>A paragraph about a topic: its definition, then a random selection of its other facts in file order.</summary>
    private string Paragraph(CorpusBlock topic)
    {
        var rest = topic.Facts.Skip(1).Where(_ => _random.NextDouble() < 0.7);
        return string.Join(" ", rest.Prepend(topic.Facts[0]));
    }

    /// <summary>
    /// A question about a topic, worded at random, and its answer, which is always the same for the same question:
    /// the definition (or the sentence an extra question names). One short answer per question is what a model
    /// this small can learn in minutes; varying answers would teach it to babble between them.
    /// </summary>
    private (string Question, string Answer) TopicExchange(CorpusBlock topic, out List<string> used)
    {
        var askIndex = _random.Next(topic.Names.Count * 3 + topic.Asks.Count);
        if (askIndex < topic.Names.Count * 3)
        {
            used = [topic.Facts[0]];
            return (Vary(string.Format(Pick(QuestionTemplates), Pick(topic.Names))), topic.Facts[0]);
        }
        var (ask, answer) = topic.Asks[askIndex - topic.Names.Count * 3];
        used = [answer ?? topic.Facts[0]];
        return (Vary(ask), used[0]);
    }

    /// <summary>Two or three exchanges: a greeting before a question, a follow-up, a second topic, or thanks at the end.</summary>
    private List<ChatMessage> MultiTurn()
    {
        var messages = new List<ChatMessage>();
        var topic = Pick(_topics);
        switch (_random.Next(4))
        {
            case 0:
                var greeting = _chats.First(c => c.Id == "greeting");
                messages.AddRange([User(Vary(Pick(greeting.Questions))), Assistant(Pick(greeting.Answers))]);
                AddTopic(topic);
                break;
            case 1:
                var used = AddTopic(topic);
                var more = topic.Facts.Except(used).Take(2).ToList();
                messages.AddRange([User(Pick(FollowUps)), Assistant(more.Count > 0 ? string.Join(" ", more) : NothingMore)]);
                break;
            case 2:
                AddTopic(topic);
                AddTopic(Pick(_topics.Where(t => t != topic).ToArray()));
                break;
            default:
                AddTopic(topic);
                var thanks = _chats.First(c => c.Id == "thanks");
                messages.AddRange([User(Vary(Pick(thanks.Questions))), Assistant(Pick(thanks.Answers))]);
                break;
        }
        return messages;

        List<string> AddTopic(CorpusBlock t)
        {
            var (question, answer) = TopicExchange(t, out var facts);
            messages.AddRange([User(question), Assistant(answer)]);
            return facts;
        }
    }

    private IReadOnlyList<ChatMessage> WithSystemPrompt(List<ChatMessage> messages)
    {
        if (_random.NextDouble() < 0.15) messages.Insert(0, new ChatMessage("system", Pick(SystemPrompts)));
        return messages;
    }

    /// <summary>Now and then the casual form of a question: lower-case start, no final punctuation.</summary>
    private string Vary(string question)
    {
        if (_random.NextDouble() >= 0.15) return question;
        var casual = char.ToLowerInvariant(question[0]) + question[1..];
        return casual.TrimEnd('?', '.', '!');
    }

    private (List<T> Train, List<T> HeldOut) Split<T>(List<T> items, double heldOutFraction)
    {
        var (train, heldOut) = (new List<T>(), new List<T>());
        foreach (var item in items) (_random.NextDouble() < heldOutFraction ? heldOut : train).Add(item);
        return (train, heldOut);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static ChatMessage User(string content) => new("user", content);

    private static ChatMessage Assistant(string content) => new("assistant", content);
}
