using System.Collections.Concurrent;
using System.Diagnostics;
using DeepSeek.Grains.Chat;
using DeepSeek.Grains.Cluster;

namespace DeepSeek.Placement.Benchmarks;

/// <summary>
/// Sessions arriving as a Poisson process at a share of capacity, each running its turns with think
/// time between them. Times are virtual: real elapsed time divided by the time scale.
/// </summary>
internal sealed class LoadRun(IClusterClient client, Policy policy, Workload workload, double timeScale, int seed)
{
    private readonly ConcurrentBag<TurnResult> _turns = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private double Now => _clock.Elapsed.TotalSeconds / timeScale;

    /// <summary>Runs warm-up plus window at <paramref name="turnsPerSecond"/>; returns the turns started inside the window.</summary>
    public async Task<IReadOnlyList<TurnResult>> RunAsync(double turnsPerSecond, double warmupSeconds, double windowSeconds, double graceSeconds)
    {
        var random = new Random(seed);
        var sessionsPerSecond = turnsPerSecond / workload.MeanTurns;
        var end = warmupSeconds + windowSeconds;
        using var stop = new CancellationTokenSource();
        var sessions = new List<Task>();
        var start = Now;
        for (var (arrival, n) = (0.0, 0); arrival < end; arrival += -Math.Log(1 - random.NextDouble()) / sessionsPerSecond, n++)
        {
            await SleepUntilAsync(start + arrival);
            sessions.Add(RunSessionAsync($"{policy}-{seed}-{n}", new Random(random.Next()), start, start + end, stop.Token));
        }
        // Turns already running finish; what is still running after the grace period is cut off (and counted as it stands).
        await Task.WhenAny(Task.WhenAll(sessions), Task.Delay(TimeSpan.FromSeconds(graceSeconds * timeScale)));
        await stop.CancelAsync();
        await Task.WhenAll(sessions);
        return _turns.Where(t => t.StartedAt - start >= warmupSeconds && t.StartedAt - start < end).ToList();
    }

    private async Task SleepUntilAsync(double virtualSeconds)
    {
        var wait = (virtualSeconds - Now) * timeScale;
        if (wait > 0.001) await Task.Delay(TimeSpan.FromSeconds(wait));
    }

    private async Task RunSessionAsync(string session, Random random, double start, double end, CancellationToken stop)
    {
        await Task.Yield();
        var large = random.NextDouble() < workload.LargeShare;
        var model = large ? Workload.Large : Workload.Small;
        var bytes = (large ? workload.LargeParameters : workload.SmallParameters) * 2;
        var messages = new List<ChatTurn> { new("system", Text(random, workload.SystemTokens)) };
        var turns = random.Next(workload.Turns.Min, workload.Turns.Max + 1);
        for (var turn = 1; turn <= turns && Now < end && !stop.IsCancellationRequested; turn++)
        {
            messages.Add(new ChatTurn("user", Text(random, random.Next(workload.UserTokens.Min, workload.UserTokens.Max + 1))));
            var result = await TurnAsync(session, turn, model, bytes, messages, random.Next(workload.OutputTokens.Min, workload.OutputTokens.Max + 1), stop);
            _turns.Add(result);
            if (result.Answer is null) return;
            messages.Add(new ChatTurn("assistant", result.Answer));
            await SleepUntilAsync(Now - Math.Log(1 - random.NextDouble()) * workload.ThinkSeconds);
        }
    }

    private async Task<TurnResult> TurnAsync(string session, int turn, string model, long bytes, List<ChatTurn> messages, int outputTokens, CancellationToken stop)
    {
        var id = $"chatcmpl-{Guid.NewGuid():N}";
        var sessionKey = PlacementKeys.SessionKey("bench", session);
        RequestContext.Set(PlacementKeys.Session, sessionKey);
        RequestContext.Set(PlacementKeys.Model, model);
        RequestContext.Set(PlacementKeys.ModelBytes, bytes);
        var request = new CompletionRequest
        {
            CompletionId = id,
            TenantId = "bench",
            Model = model,
            Messages = [.. messages],
            SessionId = session,
            Sampling = new SamplingSettings { MaxTokens = outputTokens },
        };
        var started = Now;
        double? firstToken = null;
        var answer = new System.Text.StringBuilder();
        var cached = 0;
        string? worker = null;
        try
        {
            var grain = client.GetGrain<IDeepLearningGrain>(policy.KeysBySession() ? sessionKey : id);
            await foreach (var chunk in grain.GenerateAsync(request, stop).WithCancellation(stop))
            {
                firstToken ??= Now;
                worker ??= chunk.Route?.Worker;
                answer.Append(chunk.Text);
                cached = chunk.CachedPromptTokens ?? cached;
            }
            return new TurnResult(started, turn, firstToken!.Value - started, Now - started, cached, answer.ToString(), Error: null) { Worker = worker, Model = model };
        }
        catch (Exception e)
        {
            // Cut off at the end of the run, or failed: the times so far are a lower bound.
            var now = Now;
            return new TurnResult(started, turn, (firstToken ?? now) - started, now - started, cached, null,
                stop.IsCancellationRequested ? TurnResult.CutOff : (e as DeepSeek.Grains.PlatformException)?.Code ?? e.GetType().Name) { Model = model };
        }
    }

    private static string Text(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = (char)('a' + random.Next(26));
        return new string(chars);
    }
}
