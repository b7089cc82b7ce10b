using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace DeepSeek.Tokenizers.Bpe;

/// <summary>
/// The byte-pair merge step: turns one pre-token into vocabulary ids by repeatedly merging the
/// adjacent pair with the lowest merge rank (leftmost first on ties), as Hugging Face tokenizers do.
/// Results are cached per pre-token; the cache is safe to share between threads.
/// </summary>
internal sealed class BpeModel
{
    // Pieces longer than this are rare (long words, whitespace runs) and not worth caching.
    private const int MaxCachedPieceLength = 256;
    private const int CacheCapacity = 100_000;

    // Below this many bytes a linear scan for the best pair beats a priority queue.
    internal const int LinearMergeLimit = 64;

    private readonly Dictionary<long, int> _rankByPair;
    private readonly int[] _mergedIdByRank;
    private readonly int[] _idByByte;
    private readonly int? _unknownId;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>? _wholeTokenLookup;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _cacheLookup;

    /// <param name="vocabulary">Byte-level vocabulary spelling to id.</param>
    /// <param name="merges">Merge pairs in rank order (spelled as in the vocabulary).</param>
    /// <param name="unknownToken">Token used for a byte missing from the vocabulary; without one such bytes are dropped.</param>
    /// <param name="ignoreMerges">Use a pre-token that is itself in the vocabulary as one id (Llama-3).</param>
    public BpeModel(
        Dictionary<string, int> vocabulary,
        IReadOnlyList<(string Left, string Right)> merges,
        string? unknownToken,
        bool ignoreMerges)
    {
        _idByByte = new int[256];
        for (var b = 0; b < 256; b++)
        {
            _idByByte[b] = vocabulary.TryGetValue(ByteLevelAlphabet.ByteToChar[b].ToString(), out var id) ? id : -1;
        }

        _unknownId = unknownToken is not null && vocabulary.TryGetValue(unknownToken, out var unk) ? unk : null;

        _rankByPair = new Dictionary<long, int>(merges.Count);
        _mergedIdByRank = new int[merges.Count];
        for (var rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            // A merge whose parts or result are not in the vocabulary can never apply; skip it.
            if (vocabulary.TryGetValue(left, out var leftId)
                && vocabulary.TryGetValue(right, out var rightId)
                && vocabulary.TryGetValue(string.Concat(left, right), out var mergedId))
            {
                // Later duplicates win, as in the reference implementations.
                _rankByPair[PairKey(leftId, rightId)] = rank;
                _mergedIdByRank[rank] = mergedId;
            }
        }

        _wholeTokenLookup = ignoreMerges ? vocabulary.GetAlternateLookup<ReadOnlySpan<char>>() : null;
        _cacheLookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Appends the ids of one pre-token (text before byte-level mapping).</summary>
    public void Encode(ReadOnlySpan<char> piece, List<int> output)
    {
        if (piece.IsEmpty)
        {
            return;
        }

        if (_cacheLookup.TryGetValue(piece, out var cached))
        {
            output.AddRange(cached);
            return;
        }

        var ids = EncodeUncached(piece, LinearMergeLimit);
        // Without merges (byte tokenizers) every result is just the bytes: nothing to gain from caching.
        if (piece.Length <= MaxCachedPieceLength && _rankByPair.Count > 0)
        {
            if (_cache.Count >= CacheCapacity)
            {
                _cache.Clear();
            }

            _cacheLookup.TryAdd(piece, ids);
        }

        output.AddRange(ids);
    }

    /// <summary>Encodes without the cache; <paramref name="linearMergeLimit"/> lets tests force either merge strategy.</summary>
    internal int[] EncodeUncached(ReadOnlySpan<char> piece, int linearMergeLimit)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(piece.Length);
        byte[]? rentedBytes = null;
        var bytes = maxBytes <= 1024 ? stackalloc byte[maxBytes] : (rentedBytes = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            bytes = bytes[..Encoding.UTF8.GetBytes(piece, bytes)];

            if (_wholeTokenLookup is { } whole
                && whole.TryGetValue(ByteLevelAlphabet.Encode(bytes), out var wholeId))
            {
                return [wholeId];
            }

            var ids = new int[bytes.Length];
            var count = 0;
            foreach (var b in bytes)
            {
                var id = _idByByte[b];
                if (id >= 0)
                {
                    ids[count++] = id;
                }
                else if (_unknownId is { } unknown)
                {
                    ids[count++] = unknown;
                }
            }

            if (count > 1 && _rankByPair.Count > 0)
            {
                count = count <= linearMergeLimit ? MergeLinear(ids.AsSpan(0, count)) : MergeWithQueue(ids.AsSpan(0, count));
            }

            return count == ids.Length ? ids : ids[..count];
        }
        finally
        {
            if (rentedBytes is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedBytes);
            }
        }
    }

    // Short pieces: keep the rank of each adjacent pair in an array and scan it for the minimum.
    private int MergeLinear(Span<int> ids)
    {
        var count = ids.Length;
        Span<int> ranks = stackalloc int[count];
        for (var i = 0; i < count - 1; i++)
        {
            ranks[i] = Rank(ids[i], ids[i + 1]);
        }

        while (count > 1)
        {
            var best = int.MaxValue;
            var at = -1;
            for (var i = 0; i < count - 1; i++)
            {
                if (ranks[i] < best)
                {
                    best = ranks[i];
                    at = i;
                }
            }

            if (at < 0)
            {
                break;
            }

            ids[at] = _mergedIdByRank[best];
            ids[(at + 2)..count].CopyTo(ids[(at + 1)..]);
            ranks[(at + 2)..count].CopyTo(ranks[(at + 1)..]);
            count--;
            if (at > 0)
            {
                ranks[at - 1] = Rank(ids[at - 1], ids[at]);
            }

            ranks[at] = at < count - 1 ? Rank(ids[at], ids[at + 1]) : int.MaxValue;
        }

        return count;
    }

    // Long pieces: a priority queue of (rank, original position) over a linked list of symbols.
    // Entries are checked for staleness when popped instead of being removed when a neighbour merges.
    private int MergeWithQueue(Span<int> ids)
    {
        var n = ids.Length;
        var next = new int[n];
        var prev = new int[n];
        var alive = new bool[n];
        for (var i = 0; i < n; i++)
        {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
            alive[i] = true;
        }

        var queue = new PriorityQueue<(int Position, int Left, int Right), long>();
        for (var i = 0; i < n - 1; i++)
        {
            Enqueue(queue, i, ids[i], ids[i + 1]);
        }

        while (queue.TryDequeue(out var entry, out var priority))
        {
            var at = entry.Position;
            var right = next[at];
            if (!alive[at] || right < 0 || ids[at] != entry.Left || ids[right] != entry.Right)
            {
                continue;
            }

            ids[at] = _mergedIdByRank[(int)(priority >> 32)];
            alive[right] = false;
            next[at] = next[right];
            if (next[at] >= 0)
            {
                prev[next[at]] = at;
                Enqueue(queue, at, ids[at], ids[next[at]]);
            }

            if (prev[at] >= 0)
            {
                Enqueue(queue, prev[at], ids[prev[at]], ids[at]);
            }
        }

        var count = 0;
        for (var i = 0; i >= 0; i = next[i])
        {
            ids[count++] = ids[i];
        }

        return count;
    }

    private void Enqueue(PriorityQueue<(int, int, int), long> queue, int position, int left, int right)
    {
        var rank = Rank(left, right);
        if (rank != int.MaxValue)
        {
            // Rank first, then position: the leftmost of equally ranked pairs merges first.
            queue.Enqueue((position, left, right), ((long)rank << 32) | (uint)position);
        }
    }

    private int Rank(int left, int right) =>
        _rankByPair.TryGetValue(PairKey(left, right), out var rank) ? rank : int.MaxValue;

    private static long PairKey(int left, int right) => ((long)left << 32) | (uint)right;
}
