using System.Collections.Concurrent;

namespace DeepSeek.Streaming.Kafka.Tests;

/// <summary>
/// Events the subscribers received, per test run. The silos run in the test's process, so a static collection
/// sees every delivery, including those of a silo that was killed afterwards.
/// </summary>
public static class ReceivedEvents
{
    private static readonly ConcurrentDictionary<string, Run> Runs = new();

    public static void Record(TestEvent e, string silo) => Runs.GetOrAdd(e.Run, _ => new Run()).Add(e, silo);

    public static Run Of(string run) => Runs.GetOrAdd(run, _ => new Run());

    public sealed class Run
    {
        private readonly Lock _lock = new();
        private readonly List<(TestEvent Event, string Silo)> _deliveries = [];

        public void Add(TestEvent e, string silo)
        {
            lock (_lock)
            {
                _deliveries.Add((e, silo));
            }
        }

        /// <summary>Every delivery so far, in arrival order (duplicates included).</summary>
        public IReadOnlyList<(TestEvent Event, string Silo)> Deliveries
        {
            get
            {
                lock (_lock)
                {
                    return [.. _deliveries];
                }
            }
        }

        public int DistinctCount => Deliveries.Select(d => d.Event.EventId).Distinct().Count();

        /// <summary>Waits until <paramref name="expected"/> distinct events arrived; false on timeout.</summary>
        public async Task<bool> WaitForAsync(int expected, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DistinctCount < expected)
            {
                if (DateTime.UtcNow > deadline)
                {
                    return false;
                }
                await Task.Delay(50);
            }
            return true;
        }
    }
}
