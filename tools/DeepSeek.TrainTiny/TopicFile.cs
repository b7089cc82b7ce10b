namespace DeepSeek.TrainTiny;

/// <summary>Reads the hand-written topic file (format described at its top) into blocks.</summary>
internal static class TopicFile
{
    public static IReadOnlyList<CorpusBlock> Read(string path)
    {
        var blocks = new List<CorpusBlock>();
        (CorpusBlockKind Kind, string Id)? header = null;
        List<string> names = [], facts = [], questions = [], answers = [];
        List<(string, string?)> asks = [];
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                Flush();
                var parts = line[1..^1].Split(' ', 2, StringSplitOptions.TrimEntries);
                var kind = parts[0] switch
                {
                    "topic" => CorpusBlockKind.Topic,
                    "facts" => CorpusBlockKind.Facts,
                    "chat" => CorpusBlockKind.Chat,
                    _ => throw Error($"unknown block kind '{parts[0]}'"),
                };
                if (parts.Length < 2 || parts[1].Length == 0) throw Error("a block needs an id");
                header = (kind, parts[1]);
                continue;
            }
            if (header is not { } block) throw Error("text before the first block");
            var colon = line.IndexOf(':');
            if (colon < 0) throw Error("expected 'field: value'");
            var (field, value) = (line[..colon], line[(colon + 1)..].Trim());
            if (value.Length == 0) throw Error($"empty {field}");
            switch (field, block.Kind)
            {
                case ("name", CorpusBlockKind.Topic): names.Add(value); break;
                case ("fact", CorpusBlockKind.Topic): facts.Add(value); break;
                case ("ask", CorpusBlockKind.Topic):
                    var bar = value.IndexOf('|');
                    asks.Add(bar < 0 ? (value, null) : (value[..bar].Trim(), value[(bar + 1)..].Trim()));
                    break;
                case ("q", not CorpusBlockKind.Topic): questions.Add(value); break;
                case ("a", not CorpusBlockKind.Topic): answers.Add(value); break;
                default: throw Error($"field '{field}' does not belong in a {block.Kind} block");
            }
        }
        Flush();
        return blocks;

        void Flush()
        {
            if (header is not { } block) return;
            var complete = block.Kind == CorpusBlockKind.Topic
                ? facts.Count > 0 && names.Count + asks.Count > 0
                : questions.Count > 0 && answers.Count > 0;
            if (!complete) throw new InvalidDataException($"{path}: block '{block.Id}' has nothing to ask or nothing to answer.");
            blocks.Add(new CorpusBlock(block.Kind, block.Id, names, asks, facts, questions, answers));
            (names, facts, questions, answers, asks) = ([], [], [], [], []);
        }

        InvalidDataException Error(string message) => new($"{path}:{lineNumber}: {message}.");
    }
}
