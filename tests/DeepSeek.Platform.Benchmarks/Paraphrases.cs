namespace DeepSeek.Platform.Benchmarks;

/// <summary>Distinct rewordings of the benchmark's known questions: each needs its own embedding.</summary>
internal static class Paraphrases
{
    private static readonly string[] Openers = ["", "Please, ", "Quick question: ", "Hi! ", "Excuse me, ", "Hey, ", "Sorry to bother you, ", "I wonder: "];
    private static readonly string[] Closers = ["", " Thanks.", " Thank you!", " Cheers.", " Much appreciated.", " I need to know."];
    private static readonly string[] Cores =
    [
        "which city is the capital of France?", "what is France's capital city?", "tell me the capital of France.",
        "how can I reset my password?", "I forgot my password, how do I reset it?", "how do I change a forgotten password?",
        "when are you open?", "what are your business hours?", "at what times are you open?",
        "how can I cancel my subscription?", "I want to end my subscription, how?", "how do I stop my subscription?",
    ];

    public static IReadOnlyList<string> Generate(int count)
    {
        var all = new List<string>(count);
        for (var n = 0; all.Count < count; n++)
        {
            foreach (var core in Cores)
            {
                foreach (var opener in Openers)
                {
                    foreach (var closer in Closers)
                    {
                        // A number keeps every text distinct (so none is an exact repeat) without changing its meaning much.
                        all.Add($"{opener}{core}{closer} (ticket {n})");
                        if (all.Count == count) return all;
                    }
                }
            }
        }
        return all;
    }
}
